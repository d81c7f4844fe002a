// Installs every library the way a user does and checks that it works there.
//
// The script packs each non-private package under packages/ with `npm pack` and checks what
// each tarball ships. It then creates a project in a temporary folder outside the workspace and
// installs the tarballs there with the tfjs peer dependencies. Last, it runs
// `fixture/smoke.test.mjs` (a real call of each package from an ES module) and `tsc --noEmit`
// over `fixture/consumer.ts` (each package's public types).
// Every package must be built first, so the Nx `test` target of this project depends on their builds.
//
// Set PK_CONSUMER_KEEP=1 to keep the temporary folder. It is always kept after a failure.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const workspaceRoot = fileURLToPath(new URL('../..', import.meta.url));
const fixtureDir = fileURLToPath(new URL('./fixture/', import.meta.url));
const tscPath = join(workspaceRoot, 'node_modules', 'typescript', 'bin', 'tsc');

/** Peer dependencies that a user installs beside the libraries, at the versions we test with. */
const PEERS = [
  '@tensorflow/tfjs-core@4.22.0',
  '@tensorflow/tfjs-layers@4.22.0',
  '@tensorflow/tfjs-backend-cpu@4.22.0',
  '@tensorflow/tfjs-backend-wasm@4.22.0',
  '@types/node@^20.19.0',
];

/** The only top-level entries that a tarball may contain. */
const ALLOWED_ENTRIES = new Set(['dist', 'README.md', 'LICENSE', 'package.json']);

const failures = [];
let passed = 0;

/** Records one check. A thrown error or a returned message counts as a failure. */
function check(name, run) {
  try {
    const problem = run();
    if (problem) {
      failures.push(`${name}: ${problem}`);
    } else {
      passed++;
    }
  } catch (error) {
    failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Runs a command, streaming its output, and returns its exit status. */
function run(command, args, options) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

/**
 * Returns the environment for child npm and node processes without the npm_* variables that
 * `npm test` sets, so that npm treats the temporary project as its own root, not the workspace.
 */
function cleanEnv() {
  const keep = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig']);
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) || keep.has(key.toLowerCase())));
}

/** Returns the publishable packages under packages/, with their folder and package.json. */
function listLibraries() {
  const root = join(workspaceRoot, 'packages');
  return readdirSync(root)
    .filter((folder) => existsSync(join(root, folder, 'package.json')))
    .map((folder) => ({
      folder: `packages/${folder}`,
      manifest: JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8')),
    }))
    .filter(({ manifest }) => !manifest.private);
}

/** Packs every library into `destination` with one npm call and returns npm's report per package. */
function packLibraries(libraries, destination) {
  const args = ['pack', '--json', '--pack-destination', destination, ...libraries.flatMap(({ folder }) => ['-w', folder])];
  const result = spawnSync('npm', args, { cwd: workspaceRoot, encoding: 'utf8', env: cleanEnv(), maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`npm pack failed with status ${result.status}:\n${result.stderr}`);
  }
  return new Map(JSON.parse(result.stdout).map((report) => [report.name, report]));
}

/** Lists every file path that a package.json field names: exports targets, types, sideEffects. */
function declaredPaths(manifest) {
  const paths = [];
  const collect = (value) => {
    if (typeof value === 'string') paths.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect(manifest.exports);
  collect(manifest.types);
  collect(manifest.main);
  if (Array.isArray(manifest.sideEffects)) collect(manifest.sideEffects);
  return paths.map((path) => path.replace(/^\.\//, ''));
}

/** Checks one tarball's file list against the rules for what a library ships. */
function checkTarball(manifest, report) {
  const name = manifest.name;
  const files = new Set(report.files.map((file) => file.path));

  check(`${name} tarball contains only dist, README.md, LICENSE and package.json`, () => {
    const extra = [...files].filter((path) => !ALLOWED_ENTRIES.has(path.split('/')[0]));
    return extra.length ? `unexpected files: ${extra.join(', ')}; limit "files" in package.json` : undefined;
  });
  check(`${name} tarball contains README.md, LICENSE and dist/index.js`, () => {
    const missing = ['README.md', 'LICENSE', 'package.json', 'dist/index.js', 'dist/index.d.ts'].filter(
      (path) => !files.has(path),
    );
    return missing.length ? `missing: ${missing.join(', ')}; build the package and check "files"` : undefined;
  });
  check(`${name} package.json names only shipped files`, () => {
    const missing = declaredPaths(manifest).filter((path) => !files.has(path));
    return missing.length
      ? `exports, types or sideEffects name files that are not in the tarball: ${missing.join(', ')}`
      : undefined;
  });
  check(`${name} tarball has no tests or source maps`, () => {
    const unwanted = [...files].filter((path) => /\.map$|\.test\.|(^|\/)test\//.test(path));
    return unwanted.length ? `unexpected files: ${unwanted.join(', ')}` : undefined;
  });
}

/** Returns the package names that a JavaScript file imports or resolves by a bare specifier. */
function bareImports(source) {
  const pattern =
    /\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]|\.resolve\(\s*['"]([^'"]+)['"]\s*\)/gm;
  const names = new Set();
  for (const match of source.matchAll(pattern)) {
    const specifier = match[1] ?? match[2] ?? match[3] ?? match[4];
    if (specifier.startsWith('.') || specifier.startsWith('/') || isBuiltin(specifier)) continue;
    const parts = specifier.split('/');
    names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
  }
  return names;
}

/** Lists the .js files under a folder, recursively. */
function jsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return jsFiles(path);
    return entry.name.endsWith('.js') ? [path] : [];
  });
}

/** Checks that an installed library is a real copy inside the project and declares what it imports. */
function checkInstalled(project, manifest) {
  const name = manifest.name;
  const installed = join(project, 'node_modules', ...name.split('/'));

  check(`${name} is installed from its tarball, not linked to the workspace`, () => {
    const real = realpathSync(installed);
    return relative(project, real).startsWith('..') || real.startsWith(workspaceRoot + sep)
      ? `node_modules/${name} resolves to ${real}`
      : undefined;
  });
  check(`${name} declares every package that its dist imports`, () => {
    const declared = new Set(
      ['dependencies', 'peerDependencies', 'optionalDependencies'].flatMap((field) => Object.keys(manifest[field] ?? {})),
    );
    const undeclared = new Set();
    for (const file of jsFiles(join(installed, 'dist'))) {
      for (const imported of bareImports(readFileSync(file, 'utf8'))) {
        if (!declared.has(imported) && imported !== name) undeclared.add(`${imported} (${relative(installed, file)})`);
      }
    }
    return undeclared.size ? `not in dependencies or peerDependencies: ${[...undeclared].join(', ')}` : undefined;
  });
}

/**
 * Runs `tsc --noEmit` with `skipLibCheck: false` in the project and returns its errors, less
 * those inside tfjs's own declarations. tfjs 4.22's .d.ts files need the DOM library and fail
 * TypeScript 5.9's index-signature checks, but our packages' .d.ts files must check cleanly.
 */
function typeErrors(project) {
  const result = spawnSync(process.execPath, [tscPath, '-p', 'tsconfig.json', '--pretty', 'false'], {
    cwd: project,
    encoding: 'utf8',
    env: cleanEnv(),
  });
  if (result.status !== 0 && result.status !== 2) {
    return [`tsc failed with status ${result.status}: ${result.stderr}${result.stdout}`];
  }
  const thirdParty = /^node_modules\/(@tensorflow|@webgpu)\//;
  const errors = [];
  let skipping = false;
  for (const line of result.stdout.split('\n')) {
    if (line.trim() === '') continue;
    if (!line.startsWith(' ')) skipping = thirdParty.test(line);
    if (!skipping) errors.push(line);
  }
  return errors;
}

/** Creates the consumer project: package.json, the fixture files and an npm install of everything. */
function createProject(project, tarballs) {
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'projector-kit-consumer', version: '1.0.0', private: true, type: 'module' }, null, 2) + '\n',
  );
  cpSync(fixtureDir, project, { recursive: true });

  const args = [
    'install',
    '--prefer-offline',
    '--no-audit',
    '--no-fund',
    '--no-package-lock',
    '--save-exact',
    ...tarballs,
    ...PEERS,
  ];
  const status = run('npm', args, { cwd: project, env: cleanEnv() });
  if (status !== 0) throw new Error(`npm install in ${project} failed with status ${status}`);
}

const started = performance.now();
const scratch = mkdtempSync(join(tmpdir(), 'projector-kit-consumer-'));
const project = join(scratch, 'app');
const tarballDir = join(scratch, 'tarballs');
mkdirSync(tarballDir);
mkdirSync(project);

try {
  const libraries = listLibraries();
  console.log(`consumer-test: packing ${libraries.length} packages into ${tarballDir}`);
  const reports = packLibraries(libraries, tarballDir);
  for (const { manifest } of libraries) {
    const report = reports.get(manifest.name);
    if (!report) {
      failures.push(`${manifest.name}: npm pack returned no report`);
      continue;
    }
    checkTarball(manifest, report);
  }

  console.log(`consumer-test: installing the tarballs and ${PEERS.join(', ')} into ${project}`);
  createProject(
    project,
    [...reports.values()].map((report) => join(tarballDir, report.filename)),
  );
  for (const { manifest } of libraries) checkInstalled(project, manifest);

  console.log('consumer-test: running fixture/smoke.test.mjs');
  check('smoke tests of every package pass', () => {
    const status = run(process.execPath, ['--test', '--test-reporter=spec', 'smoke.test.mjs'], { cwd: project, env: cleanEnv() });
    return status === 0 ? undefined : `node --test exited with status ${status}`;
  });

  console.log('consumer-test: type-checking fixture/consumer.ts');
  check('public types of every package type-check', () => {
    const errors = typeErrors(project);
    if (errors.length > 0) console.error(errors.join('\n'));
    return errors.length ? `${errors.length} type errors outside tfjs` : undefined;
  });
} catch (error) {
  failures.push(error instanceof Error ? error.message : String(error));
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
for (const failure of failures) console.error(`FAILED ${failure}`);
if (failures.length > 0 || process.env.PK_CONSUMER_KEEP === '1') {
  console.log(`consumer-test: kept ${scratch}`);
} else {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`consumer-test finished in ${seconds} s`);
console.log(`consumer-test: ${passed} passed, ${failures.length} failed`);
process.exitCode = failures.length > 0 ? 1 : 0;
