// Prints one version's section of CHANGELOG.md: the lines under its `## <version>` heading, up to the next
// `## ` heading, without the heading itself. The release workflow uses it as the GitHub release's notes and to
// refuse a tag whose version the changelog does not describe.
//
//   node scripts/changelog-section.ts <version> [changelog]      (version as in package.json; a leading v is ignored)
//
// A heading may write the version bare or in brackets and follow it with a date or a title:
// `## 1.2.0`, `## [1.2.0] - 2026-01-31`, `## 1.2.0-rc.1 (2026-01-31)`. Exit status 1, with the reason on stderr,
// when the section is missing or empty; 2 on wrong usage.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The section's text, trimmed, or undefined when the changelog has no heading for the version. */
export function changelogSection(changelog: string, version: string): string | undefined {
  const lines = changelog.split(/\r?\n/);
  const escaped = version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // The version must end where the heading's version ends: `1.2.0` is not the heading of `1.2.0-rc.1`.
  const heading = new RegExp(`^##\\s+\\[?v?${escaped}\\]?(?:$|[\\s(])`);
  const start = lines.findIndex((line) => heading.test(line));
  if (start === -1) return undefined;
  const end = lines.findIndex((line, index) => index > start && /^##\s/.test(line));
  return lines
    .slice(start + 1, end === -1 ? undefined : end)
    .join('\n')
    .trim();
}

function main(args: string[]): number {
  const [rawVersion, file = 'CHANGELOG.md', ...rest] = args;
  if (!rawVersion || rest.length > 0) {
    process.stderr.write('usage: node scripts/changelog-section.ts <version> [changelog]\n');
    return 2;
  }
  const version = rawVersion.replace(/^v/, '');
  let changelog: string;
  try {
    changelog = readFileSync(file, 'utf8');
  } catch (error) {
    process.stderr.write(`Cannot read ${file}: ${(error as Error).message}\n`);
    return 1;
  }
  const section = changelogSection(changelog, version);
  if (section === undefined) {
    process.stderr.write(
      `${file} has no section for version ${version}: add a "## ${version}" heading (rename "## Unreleased") before tagging v${version}.\n`,
    );
    return 1;
  }
  if (section === '') {
    process.stderr.write(`${file}'s section for version ${version} is empty: say what changed.\n`);
    return 1;
  }
  process.stdout.write(`${section}\n`);
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
