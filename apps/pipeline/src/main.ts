import { existsSync, statSync } from 'node:fs';

import { projectorUrl, validateProjectorFolder } from '@projector-kit/projector-config';

import { formatOptionHelp, parseOptions, UsageError, type OptionSpec, type OptionValues } from './options.js';
import { EMBEDDINGS_OPTIONS, IMAGES_OPTIONS, runEmbeddings, runImages } from './own-data/index.js';
import { Reporter } from './progress.js';
import { invocation } from './open-hint.js';
import { formatSummary, runPipeline, type RunSettings } from './run.js';
import { RUN_OPTIONS } from './run-options.js';
import { serveFolder } from './serve.js';
import { INTERRUPTED_EXIT_CODE, TrainingInterrupted } from './train-stage.js';

const SERVE_OPTIONS: readonly OptionSpec[] = [
  { name: 'port', kind: 'integer', defaultValue: 8080, min: 0, max: 65535, help: 'TCP port on 127.0.0.1 (0 picks a free one).' },
  { name: 'help', kind: 'flag', help: 'Show this help.' },
];

const HELP_ONLY: readonly OptionSpec[] = [{ name: 'help', kind: 'flag', help: 'Show this help.' }];

const USAGE = `projector-kit: MNIST features to a TensorFlow Embedding Projector folder

Usage:
  projector-kit run [options]     train the CNN, extract features, reduce with PCA, write the folder
  projector-kit embeddings --tensor FILE --out DIR [options]
                                  write your own embeddings (.npy, .bytes, .tsv) and metadata as a projector folder
  projector-kit images --dir DIR --out DIR [options]
                                  write a folder of images (one sub-folder per class) as a projector folder,
                                  with features from your model's layer or the raw pixels
  projector-kit serve DIR [--port N]
                                  serve a projector folder on 127.0.0.1 with CORS, print the projector link
  projector-kit check DIR         validate a projector folder and explain each problem
  projector-kit help [COMMAND]    show help

Run options:
${formatOptionHelp(RUN_OPTIONS)}

Embeddings options:
${formatOptionHelp(EMBEDDINGS_OPTIONS)}

Images options:
${formatOptionHelp(IMAGES_OPTIONS)}

Serve options:
${formatOptionHelp(SERVE_OPTIONS)}
`;

/** Runs the CLI with `argv` (without node and script) and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const reporter = new Reporter();
  const [command, ...rest] = argv;

  try {
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE);
        return 0;
      case 'run':
        return await runCommand(rest, reporter);
      case 'embeddings':
        return await ownDataCommand(rest, EMBEDDINGS_OPTIONS, runEmbeddings, reporter);
      case 'images':
        return await ownDataCommand(rest, IMAGES_OPTIONS, runImages, reporter);
      case 'serve':
        return await serveCommand(rest, reporter);
      case 'check':
        return await checkCommand(rest);
      default:
        throw new UsageError(`Unknown command "${command}". Commands: run, embeddings, images, serve, check, help.`);
    }
  } catch (error) {
    return reportFailure(error, reporter);
  }
}

async function runCommand(argv: string[], reporter: Reporter): Promise<number> {
  const { values, positionals } = parseOptions(argv, RUN_OPTIONS);
  if (values['help']) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length > 0) {
    throw new UsageError(
      `Unexpected argument "${positionals[0]}": "run" takes only options, such as --out DIR. Run with --help to list them.`,
    );
  }

  const settings = { ...values, commandLine: `${invocation()} run ${argv.join(' ')}`.trim() } as unknown as RunSettings;
  const summary = await runPipeline(settings, reporter);
  process.stdout.write(`${formatSummary(summary)}\n`);
  return 0;
}

async function ownDataCommand(
  argv: string[],
  specs: readonly OptionSpec[],
  run: (values: OptionValues, reporter: Reporter) => Promise<string>,
  reporter: Reporter,
): Promise<number> {
  const { values, positionals } = parseOptions(argv, specs);
  if (values['help']) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length > 0) {
    throw new UsageError(
      `Unexpected argument "${positionals[0]}": give every input with its option, such as --tensor FILE. Run with --help to list the options.`,
    );
  }

  const summary = await run(values, reporter);
  process.stdout.write(`${summary}\n`);
  return 0;
}

async function serveCommand(argv: string[], reporter: Reporter): Promise<number> {
  const { values, positionals } = parseOptions(argv, SERVE_OPTIONS);
  if (values['help']) {
    process.stdout.write(USAGE);
    return 0;
  }
  const dir = singleFolder('serve', positionals);

  const port = values['port'] as number;
  const running = await serveFolder(dir, port, (line) => reporter.line(line)).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') {
      throw new Error(`Port ${port} on 127.0.0.1 is already in use. Pass another --port, or --port 0 to pick a free one.`);
    }
    throw error;
  });
  reporter.line(`Serving ${dir} at ${running.url} (Ctrl-C to stop).`);
  reporter.line(`Open in the Embedding Projector: ${projectorUrl(`${running.url}projector_config.json`)}`);
  reporter.line(`Run summary page: ${running.url}index.html`);

  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await running.close();
  return 0;
}

async function checkCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(argv, HELP_ONLY);
  if (values['help']) {
    process.stdout.write(USAGE);
    return 0;
  }
  const dir = singleFolder('check', positionals);

  const report = await validateProjectorFolder(dir);
  for (const problem of report.problems) {
    process.stdout.write(`${problem.severity}: ${problem.file}: ${problem.message}\n`);
  }
  for (const embedding of report.embeddings) {
    process.stdout.write(`embedding ${embedding.tensorName}: ${embedding.rows} x ${embedding.cols}\n`);
  }
  const errors = report.problems.filter((problem) => problem.severity === 'error').length;
  process.stdout.write(report.ok ? `OK: ${dir} is a valid projector folder.\n` : `${errors} error(s) in ${dir}.\n`);
  return report.ok ? 0 : 1;
}

function singleFolder(command: string, positionals: string[]): string {
  if (positionals.length !== 1) {
    throw new UsageError(`"${command}" takes one folder, got ${positionals.length}: ${invocation()} ${command} DIR`);
  }
  const dir = positionals[0]!;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UsageError(
      `"${command}" needs a folder, and ${dir} ${existsSync(dir) ? 'is a file' : 'was not found'}. Pass a projector folder.`,
    );
  }
  return dir;
}

function reportFailure(error: unknown, reporter: Reporter): number {
  if (error instanceof TrainingInterrupted) {
    reporter.line(error.message);
    return INTERRUPTED_EXIT_CODE;
  }
  const message = error instanceof Error ? error.message : String(error);
  reporter.line(`Error: ${message}`);
  if (process.env['PROJECTOR_KIT_DEBUG'] && error instanceof Error && error.stack) {
    reporter.line(error.stack);
  }
  return error instanceof UsageError ? 2 : 1;
}
