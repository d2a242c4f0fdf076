import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nextVersion, releaseProblems, type ReleaseState } from '../../scripts/schema-changes.js';

// The release rule (README "Frontend: schema versions", scripts/schema-changes.ts) on the repository's own files,
// then on altered copies to show each way it fails.
const releases = Object.fromEntries(
  readdirSync('schema/releases').map((file) => [file.replace(/\.graphql$/, ''), readFileSync(`schema/releases/${file}`, 'utf8')]),
);
const repo: ReleaseState = {
  releases,
  current: readFileSync('schema/schema.graphql', 'utf8'),
  changelog: readFileSync('CHANGELOG.md', 'utf8'),
  packageVersion: (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version,
};
const FIRST = releases['0.1.0']!;
const changelog = (pending: string) => `# Changelog\n\n${pending}\n## [0.1.0] - 2026-11-29\n\nFirst.\n`;

describe('schema changes against the last release', () => {
  it('the committed schema, CHANGELOG.md and package.json version pass', async () => {
    expect(await releaseProblems(repo)).toEqual([]);
  });

  it('fails on a breaking change (a removed field) until it is recorded under Breaking with a big enough version', async () => {
    const current = FIRST.replace(/^ {2}number: String\n/m, '');
    const state = { releases: { '0.1.0': FIRST }, current, packageVersion: '0.1.1' };
    expect(
      await releaseProblems({ ...state, changelog: changelog('## [0.1.1] - unreleased\n\n### Removed\n\n- `Invoice.number`\n') }),
    ).toEqual([
      "BREAKING Field 'number' was removed from object type 'Invoice': record `Invoice.number` under \"### Breaking\" in CHANGELOG.md",
      '0.1.1 is too small a step from 0.1.0 for these changes: at least 0.2.0',
    ]);
    const recorded = changelog('## [0.2.0] - unreleased\n\n### Breaking\n\n- `Invoice.number` removed.\n');
    expect(await releaseProblems({ ...state, changelog: recorded })).toEqual([
      "package.json says 0.1.1, CHANGELOG.md's newest section 0.2.0",
    ]);
    expect(await releaseProblems({ ...state, changelog: recorded, packageVersion: '0.2.0' })).toEqual([]);
  });

  it('fails on an addition the CHANGELOG does not name, and on changes with no section for them', async () => {
    const current = FIRST.replace(/^ {2}number: String\n/m, '  number: String\n  memo: String\n');
    const state = { releases: { '0.1.0': FIRST }, current, packageVersion: '0.1.1' };
    expect(await releaseProblems({ ...state, changelog: changelog('## [0.1.1] - unreleased\n\n### Added\n\n- notes\n') })).toEqual([
      "NON_BREAKING Field 'memo' was added to object type 'Invoice': record `Invoice.memo` in CHANGELOG.md",
    ]);
    expect(await releaseProblems({ ...state, changelog: changelog('## [0.1.1] - unreleased\n\n### Added\n\n- `Invoice.memo`\n') })).toEqual(
      [],
    );
    expect(await releaseProblems({ ...state, changelog: changelog('') })).toEqual([
      'schema/schema.graphql changed since 0.1.0: add a "## [Unreleased]" or "## [next version]" section to CHANGELOG.md',
    ]);
  });

  it('counts a behaviour change recorded under Breaking as breaking, though the schema text did not change', async () => {
    const state = { releases: { '0.1.0': FIRST }, current: FIRST, packageVersion: '0.1.1' };
    const pending = '## [0.1.1] - unreleased\n\n### Breaking\n\n- `Money.formatted` rounds.\n';
    expect(await releaseProblems({ ...state, changelog: changelog(pending) })).toEqual([
      '0.1.1 is too small a step from 0.1.0 for these changes: at least 0.2.0',
    ]);
  });

  it('steps versions as semver says, one place to the right below 1.0.0', () => {
    expect([nextVersion('0.1.0', 'breaking'), nextVersion('0.1.0', 'addition'), nextVersion('0.1.0', 'fix')]).toEqual([
      '0.2.0',
      '0.1.1',
      '0.1.1',
    ]);
    expect([nextVersion('1.4.2', 'breaking'), nextVersion('1.4.2', 'addition'), nextVersion('1.4.2', 'fix')]).toEqual([
      '2.0.0',
      '1.5.0',
      '1.4.3',
    ]);
  });
});
