// The release rule of README "Frontend: schema versions": schema/schema.graphql is compared with the last
// released schema (schema/releases/<version>.graphql) by @graphql-inspector/core; every change must be
// recorded in CHANGELOG.md, breaking ones under "### Breaking", and the version must be bumped enough.
import { diff, type Change } from '@graphql-inspector/core';
import { buildSchema } from 'graphql';

export interface SchemaChange {
  level: 'BREAKING' | 'DANGEROUS' | 'NON_BREAKING';
  /** A schema coordinate: `Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`, `@directive(arg:)`. */
  coordinate: string;
  message: string;
  /** Only a description changed: documentation, recorded as a whole rather than one line each. */
  descriptionOnly: boolean;
}

function coordinateOf(change: Change): string {
  // A root operation type set or changed has no path: it is recorded by the type it now names (`Subscription`).
  const rootType = Object.entries(change.meta ?? {}).find(([key]) => /^new\w+TypeName$/.test(key))?.[1];
  const path = change.path ?? (typeof rootType === 'string' ? rootType : '');
  if (/^(FIELD|DIRECTIVE)_ARGUMENT_/.test(change.type)) {
    const cut = path.lastIndexOf('.');
    return `${path.slice(0, cut)}(${path.slice(cut + 1)}:)`;
  }
  return path;
}

export async function schemaChanges(releasedSdl: string, currentSdl: string): Promise<SchemaChange[]> {
  const changes = await diff(buildSchema(releasedSdl), buildSchema(currentSdl));
  return changes.map((change) => ({
    level: change.criticality.level as SchemaChange['level'],
    coordinate: coordinateOf(change),
    message: change.message,
    descriptionOnly: /DESCRIPTION/.test(change.type),
  }));
}

export interface ChangelogSection {
  /** null for "## [Unreleased]". */
  version: string | null;
  text: string;
  /** The text of its "### Breaking" subsection ('' when there is none). */
  breaking: string;
}

/** Keep a Changelog: "## [1.2.0] - 2026-11-29" or "## [Unreleased]" sections, newest first. */
export function parseChangelog(markdown: string): ChangelogSection[] {
  return markdown
    .split(/^(?=## )/m)
    .filter((part) => part.startsWith('## '))
    .map((text) => {
      const version = /^## \[(\d+\.\d+\.\d+)\]/.exec(text)?.[1] ?? null;
      const breaking = /^### Breaking\s*$([\s\S]*?)(?=^### |(?![\s\S]))/m.exec(text)?.[1] ?? '';
      return { version, text, breaking: breaking.trim() };
    });
}

type Semver = [number, number, number];
const semver = (version: string): Semver => version.split('.').map(Number) as Semver;
export const compareVersions = (a: string, b: string): number => {
  const [x, y] = [semver(a), semver(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
};

/** The smallest version after `released` a change of this kind allows; below 1.0.0 everything moves one place right. */
export function nextVersion(released: string, kind: 'breaking' | 'addition' | 'fix'): string {
  const [major, minor, patch] = semver(released);
  const step =
    major === 0
      ? ({ breaking: 'minor', addition: 'patch', fix: 'patch' } as const)[kind]
      : ({ breaking: 'major', addition: 'minor', fix: 'patch' } as const)[kind];
  if (step === 'major') return `${major + 1}.0.0`;
  return step === 'minor' ? `${major}.${minor + 1}.0` : `${major}.${minor}.${patch + 1}`;
}

const mentions = (text: string, coordinate: string) => text.includes(`\`${coordinate}\``);

function unrecorded(changes: SchemaChange[], section: ChangelogSection): string[] {
  const addedTypes = new Set(changes.filter((c) => /^Type '.*' was added$/.test(c.message)).map((c) => c.coordinate));
  const problems: string[] = [];
  for (const change of changes.filter((c) => !c.descriptionOnly)) {
    const parent = change.coordinate.split(/[.(]/)[0]!;
    // A member of a type added in this release is recorded with the type.
    const recorded = mentions(section.text, change.coordinate) || (addedTypes.has(parent) && mentions(section.text, parent));
    if (change.level === 'BREAKING' && !mentions(section.breaking, change.coordinate)) {
      problems.push(`BREAKING ${change.message}: record \`${change.coordinate}\` under "### Breaking" in CHANGELOG.md`);
    } else if (!recorded) {
      problems.push(`${change.level} ${change.message}: record \`${change.coordinate}\` in CHANGELOG.md`);
    }
  }
  return problems;
}

export interface ReleaseState {
  /** version -> SDL of every released schema (schema/releases). */
  releases: Record<string, string>;
  current: string;
  changelog: string;
  packageVersion: string;
}

/** Everything wrong with the current schema, CHANGELOG and version against the last release; [] when fine. */
export async function releaseProblems(state: ReleaseState): Promise<string[]> {
  const released = Object.keys(state.releases).sort(compareVersions).at(-1);
  if (!released) return ['schema/releases holds no released schema'];
  const sections = parseChangelog(state.changelog);
  if (!sections.some((s) => s.version === released)) return [`CHANGELOG.md has no section for the released ${released}`];
  const changes = await schemaChanges(state.releases[released]!, state.current);
  const pending = sections.find((s) => s.version === null || compareVersions(s.version, released) > 0);
  if (!pending) {
    return changes.length === 0 && state.packageVersion === released
      ? []
      : [`schema/schema.graphql changed since ${released}: add a "## [Unreleased]" or "## [next version]" section to CHANGELOG.md`];
  }
  const problems = unrecorded(changes, pending);
  const breaking = changes.some((c) => c.level === 'BREAKING') || pending.breaking !== '';
  const additions = changes.some((c) => !c.descriptionOnly);
  const needed = nextVersion(released, breaking ? 'breaking' : additions ? 'addition' : 'fix');
  const target = pending.version ?? state.packageVersion;
  if (pending.version !== null && compareVersions(pending.version, needed) < 0) {
    problems.push(`${pending.version} is too small a step from ${released} for these changes: at least ${needed}`);
  }
  if (pending.version !== null && state.packageVersion !== target) {
    problems.push(`package.json says ${state.packageVersion}, CHANGELOG.md's newest section ${target}`);
  }
  return problems;
}
