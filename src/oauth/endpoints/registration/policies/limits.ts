// Bounds on registered metadata. An open endpoint stores whatever it accepts, so every
// list and string has a ceiling; the 64 KiB body limit bounds the rest.
export const LIMITS = {
  redirectUris: 20,
  uriLength: 2000,
  clientNameLength: 256,
  contacts: 10,
  contactLength: 320,
  scopeLength: 2000,
  scopeTokens: 100,
  softwareFieldLength: 256,
  jwksKeys: 10,
  jwkMemberLength: 8192,
  jwkArrayItems: 10,
  userAgentLength: 512,
} as const;

/** Quotes a piece of the request for an error description, shortened. */
export function quote(value: unknown): string {
  return JSON.stringify(String(value).slice(0, 64));
}
