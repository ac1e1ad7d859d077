#!/usr/bin/env node
/** `rampart <command>`: one file per command under src/cli/. */

const USAGE = `Usage: rampart <command> [options]

Commands:
  start         Run the server (AWS APIs on http://127.0.0.1:4566)
  credentials   Print the default account's root credentials again
  backup        Write a consistent snapshot of the whole state to one file (server may run)
  restore       Restore a backup into an empty data dir or PostgreSQL schema
  proxy         Run an HTTP reverse proxy that enforces an AWS WAF web ACL
  billing       billing invoice --month YYYY-MM: the month's (consolidated) invoice
  audit         audit verify --trail NAME: validate a trail's delivered log and digest files

Run 'rampart <command> --help' for the options of a command.`;

/** Each command is loaded only when run: `rampart start` need not load backup's code, and so on. */
const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  start: async (args) => (await import('./start.js')).runStart(args),
  credentials: async (args) => (await import('./credentials.js')).runCredentials(args),
  backup: async (args) => (await import('./backup.js')).runBackup(args),
  restore: async (args) => (await import('./restore.js')).runRestore(args),
  proxy: async (args) => (await import('./proxy.js')).runProxy(args),
  billing: async (args) => (await import('./billing.js')).runBilling(args),
  audit: async (args) => (await import('./audit.js')).runAudit(args),
};

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    console.log(USAGE);
    return cmd ? 0 : 2;
  }
  const run = Object.hasOwn(COMMANDS, cmd) ? COMMANDS[cmd] : undefined;
  if (!run) {
    console.error(`rampart: unknown command '${cmd}'\n\n${USAGE}`);
    return 2;
  }
  return run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`rampart: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
