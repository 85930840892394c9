// The base of both error families. What a surface answers (status, headers, body) is kept apart
// from why it refused (`detail`): the detail is logged with the request id and never sent, so
// a refusal can be explained to the operator without telling an attacker which check failed.
export abstract class HttpError extends Error {
  /** Internal reason, for the log only. */
  detail: string | undefined;

  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  /** The JSON body of this family. */
  abstract toJSON(): Record<string, unknown>;

  /** Records why (for the log), returns this: `throw invalidCode().because('expired')`. */
  because(detail: string): this {
    this.detail = detail;
    return this;
  }
}

/** Seconds a client is told to wait after a 503 (RFC 9110 §10.2.3). */
export const RETRY_AFTER_SECONDS = 5;
