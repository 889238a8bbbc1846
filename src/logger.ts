/**
 * Structured logging: JSON lines in production, coloured readable lines in development.
 */
import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Creates the hub's root logger. `pretty` selects the human-readable development format; `fd` the file
 * descriptor (2, standard error, for commands whose standard output is data, like the audit export).
 */
export function createLogger(level: string, pretty: boolean, fd: 1 | 2 = 1): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'exchange-hub' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: ['req.headers.authorization', '*.password', '*.secret'], censor: '[redacted]' },
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: {
              translateTime: 'SYS:HH:MM:ss.l',
              ignore: 'pid,hostname,service',
              singleLine: true,
              destination: fd,
            },
          },
        }
      : {}),
  };
  return pretty ? pino(options) : pino(options, pino.destination(fd));
}
