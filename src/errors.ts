/**
 * An error the user caused (bad flag, bad config, missing path): printed as one line on stderr, exit 2.
 * Anything else that escapes is an internal error: also exit 2, with a stack trace only under --verbose.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
