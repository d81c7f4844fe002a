// Module customization hooks (Node >= 20.6) that run the package's TypeScript sources without a
// build: a relative `.js` import that does not exist resolves to the `.ts` file beside it, and
// `.ts` files are transpiled with TypeScript's transpileModule, without type checking.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

let typescript;

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const relative = specifier.startsWith('.') || specifier.startsWith('file:') || specifier.startsWith('/');
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !relative || !specifier.endsWith('.js')) {
      throw error;
    }
    try {
      return await nextResolve(`${specifier.slice(0, -'.js'.length)}.ts`, context);
    } catch {
      // Neither file exists: report the module that was requested.
      throw error;
    }
  }
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) {
    return nextLoad(url, context);
  }

  typescript ??= (await import('typescript')).default;
  const source = await readFile(new URL(url), 'utf8');
  const { outputText } = typescript.transpileModule(source, {
    fileName: fileURLToPath(url),
    compilerOptions: {
      module: typescript.ModuleKind.ESNext,
      target: typescript.ScriptTarget.ES2022,
      sourceMap: false,
    },
  });
  return { format: 'module', source: outputText, shortCircuit: true };
}
