import { spawnSync } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';

export type Tool = 'java' | 'mvn' | 'go';

interface ToolCheck {
  args: string[];
  versionPattern: RegExp;
  minimumMajor: number;
  /** Compares major.minor as one number (go 1.22 → 1.22). */
  parse: (match: RegExpMatchArray) => number;
  minimumLabel: string;
  install: string;
}

const CHECKS: Record<Tool, ToolCheck> = {
  java: {
    args: ['-version'],
    versionPattern: /version "(\d+)(?:\.(\d+))?/,
    minimumMajor: 17,
    parse: (m) => Number(m[1]),
    minimumLabel: 'Java 17 or newer',
    install: 'install a JDK 17+ (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless) or use docker compose',
  },
  mvn: {
    args: ['--version'],
    versionPattern: /Apache Maven (\d+)\.(\d+)/,
    minimumMajor: 3.6,
    parse: (m) => Number(`${m[1]}.${m[2]}`),
    minimumLabel: 'Maven 3.6 or newer',
    install: 'install Maven (Debian/Ubuntu: apt-get install maven) or use docker compose',
  },
  go: {
    args: ['version'],
    versionPattern: /go(\d+)\.(\d+)/,
    minimumMajor: 1.24,
    parse: (m) => Number(`${m[1]}.${String(m[2]).padStart(2, '0')}`),
    minimumLabel: 'Go 1.24 or newer',
    install: 'install Go 1.24+ (https://go.dev/doc/install or your package manager) or use docker compose',
  },
};

export class MissingPrerequisiteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingPrerequisiteError';
  }
}

/** Throws a MissingPrerequisiteError naming the tool, what is needed and how to get it. */
export function requireTool(tool: Tool, neededFor: string): string {
  const check = CHECKS[tool];
  const result = spawnSync(tool, check.args, { encoding: 'utf8' });
  if (result.error) {
    throw new MissingPrerequisiteError(
      `${check.minimumLabel} is needed for ${neededFor}, but \`${tool}\` was not found on PATH: ${check.install}.`,
    );
  }
  const output = stripVTControlCharacters(`${result.stdout}${result.stderr}`);
  const match = output.match(check.versionPattern);
  if (!match) {
    throw new MissingPrerequisiteError(`Could not read the version of \`${tool}\` (needed for ${neededFor}); it printed: ${output.slice(0, 200)}`);
  }
  const version = check.parse(match);
  if (version < check.minimumMajor) {
    throw new MissingPrerequisiteError(
      `${check.minimumLabel} is needed for ${neededFor}, but \`${tool}\` is version ${match[0]}: ${check.install}.`,
    );
  }
  return match[0];
}
