#!/usr/bin/env node
/**
 * The `edgeloss` command line. Commands: loss, eval, list, info, selftest (see docs/cli.md).
 *
 * Exit codes: 0 ok; 1 an EdgeLossError (bad file, bad value, non-finite input under --check-finite) or a
 * failed selftest; 2 a usage error (unknown command, unknown loss, unknown flag, missing required flag,
 * bad flag value). Every error is printed as ONE line on stderr, `edgeloss: <message>`, never a stack trace.
 */
import { Command, CommanderError } from 'commander';
import { EdgeLossError } from '../errors.js';
import { registerEval } from './eval.js';
import { packageVersion, registerInfo } from './info.js';
import { registerList } from './list.js';
import { registerLoss, UsageError } from './loss.js';
import { registerSelftest } from './selftest.js';

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

function printError(message: string): void {
  process.stderr.write(`edgeloss: ${oneLine(message)}\n`);
}

function writeLine(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Build the program. Output/exit settings are configured before the commands so they inherit them. */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('edgeloss')
    .description('Loss functions with gradients as Wasm kernels: evaluate a loss on files, list losses, self-test.')
    .version(packageVersion(), '-V, --version', 'print the package version')
    .exitOverride()
    .configureOutput({
      // Commander's own error text (and the help it shows on errors) is replaced by our one line.
      writeErr: () => {},
      outputError: () => {},
    });
  registerLoss(program, writeLine);
  registerEval(program, writeLine);
  registerList(program, writeLine);
  registerInfo(program, writeLine);
  registerSelftest(program, writeLine);
  return program;
}

/** Run the CLI on user arguments (without node and script); returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help, -V and `edgeloss help <command>` print to stdout and end with exit code 0.
      if (e.exitCode === 0) return 0;
      if (e.code === 'commander.help') {
        // Commander shows the help as an error when no command is given: we print one line instead.
        printError('missing command: use one of loss, eval, list, info, selftest (see edgeloss --help)');
        return 2;
      }
      printError(e.message.replace(/^error: /, ''));
      return 2;
    }
    if (e instanceof UsageError) {
      printError(e.message);
      return 2;
    }
    if (e instanceof EdgeLossError) {
      printError(e.fn === 'cli' ? e.message.replace(/^cli: /, '') : e.message);
      return e.code === 'E_UNKNOWN_LOSS' ? 2 : 1;
    }
    printError(`unexpected error: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

// An EPIPE on stdout (e.g. `edgeloss list | head -1`) is not an error of ours.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    printError(`unexpected error: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  },
);
