// A real SMTP server for tests (smtp-server), keeping every mail it receives parsed (mailparser).
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface TestSmtp {
  port: number;
  mails: ParsedMail[];
  /** AUTH user names the server saw */
  logins: string[];
  /** resolves with the first mail (from now on or already received) that `match` accepts */
  next(match?: (m: ParsedMail) => boolean): Promise<ParsedMail>;
  close(): Promise<void>;
}

export interface TestSmtpOptions {
  port?: number;
  /** user/password the server accepts (AUTH required when given) */
  auth?: { user: string; pass: string };
}

export async function startSmtp(opts: TestSmtpOptions = {}): Promise<TestSmtp> {
  const mails: ParsedMail[] = [];
  const logins: string[] = [];
  const waiters: { match: (m: ParsedMail) => boolean; resolve: (m: ParsedMail) => void }[] = [];
  const server = new SMTPServer({
    // No certificate here: the client sends in plain text (nodemailer's default when STARTTLS is not offered).
    disabledCommands: opts.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    authOptional: !opts.auth,
    logger: false,
    onAuth(auth, _session, cb) {
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass) {
        logins.push(auth.username!);
        return cb(null, { user: auth.username });
      }
      return cb(new Error('Invalid username or password'));
    },
    onData(stream, _session, cb) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail);
          for (const w of waiters.filter((x) => x.match(mail))) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(mail);
          }
          cb();
        })
        .catch(cb);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    mails,
    logins,
    next(match = () => true) {
      const found = mails.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
