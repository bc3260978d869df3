/**
 * A package-lock.json for a fresh app that installs our two tarballs, so `npm ci --offline` can
 * install it from npm's cache. `npm install --offline <tarball>` cannot: it needs the registry's
 * package documents (packuments) for the generator's dependencies, and `npm ci` caches only the
 * tarballs (by integrity). The third-party entries are copied from this repository's lock, so the
 * app gets exactly the versions CI tested.
 */

interface LockEntry {
  readonly version?: string;
  readonly integrity?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly [key: string]: unknown;
}

/** A tarball from `npm pack`, as the app refers to it. */
export interface Tarball {
  readonly name: string;
  readonly version: string;
  /** Path relative to the app folder (`../x.tgz`). */
  readonly file: string;
  readonly integrity: string;
  readonly manifest: {
    readonly dependencies?: Readonly<Record<string, string>>;
    readonly [key: string]: unknown;
  };
}

/** Where npm finds `name` required from the package at `from` (a lock key, "" for the root). */
function locate(
  packages: Readonly<Record<string, LockEntry>>,
  from: string,
  name: string,
): string | undefined {
  for (let dir = from; ; dir = dir.slice(0, Math.max(0, dir.lastIndexOf("/node_modules/")))) {
    const key = `${dir === "" ? "" : `${dir}/`}node_modules/${name}`;
    if (packages[key] !== undefined) return key;
    if (dir === "") return undefined;
  }
}

/**
 * The lock of an app with `runtime` as its dependency and `generator` plus `devTools` (names
 * installed in this repository, e.g. typescript) as devDependencies.
 */
export function appLock(
  repoLock: { readonly packages: Readonly<Record<string, LockEntry>> },
  runtime: Tarball,
  generator: Tarball,
  devTools: readonly string[],
): object {
  const source = repoLock.packages;
  const packages: Record<string, LockEntry> = {};
  const visit = (from: string, name: string): void => {
    const key = locate(source, from, name);
    if (key === undefined)
      throw new Error(`${name} (needed by ${from || "the app"}) is not in package-lock.json`);
    if (packages[key] !== undefined) return;
    const { dev: _dev, ...entry } = source[key]!;
    packages[key] = { ...entry, dev: true };
    for (const dep of Object.keys(entry.dependencies ?? {})) visit(key, dep);
  };
  const tarballEntry = (t: Tarball, dev: boolean): LockEntry => ({
    version: t.version,
    resolved: `file:${t.file}`,
    integrity: t.integrity,
    ...(dev && { dev: true }),
    ...(t.manifest.dependencies !== undefined && { dependencies: t.manifest.dependencies }),
    ...(t.manifest["bin"] !== undefined && { bin: t.manifest["bin"] }),
    ...(t.manifest["engines"] !== undefined && { engines: t.manifest["engines"] }),
  });
  packages[`node_modules/${runtime.name}`] = tarballEntry(runtime, false);
  packages[`node_modules/${generator.name}`] = tarballEntry(generator, true);
  for (const dep of Object.keys(generator.manifest.dependencies ?? {})) {
    if (dep !== runtime.name) visit("", dep);
  }
  for (const tool of devTools) visit("", tool);
  const devDependencies: Record<string, string> = { [generator.name]: `file:${generator.file}` };
  for (const tool of devTools) devDependencies[tool] = source[`node_modules/${tool}`]!.version!;
  return {
    name: "app",
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name: "app", dependencies: { [runtime.name]: `file:${runtime.file}` }, devDependencies },
      ...packages,
    },
  };
}
