import { ImageBuildError } from './image-errors';
import type { ImageVersion } from './image-format';

const VERSION_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,5})(?:\+(\d{1,10}))?$/;

/** Accepts "1.2.3" or "1.2.3+45" (build number), the forms the CLI and the UI show. */
export function parseImageVersion(text: string): ImageVersion {
  const m = VERSION_PATTERN.exec(text.trim());
  if (!m) throw new ImageBuildError('version', `Version "${text}" is not of the form X.Y.Z or X.Y.Z+BUILD.`);
  const version = { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), build: Number(m[4] ?? 0) };
  checkImageVersion(version);
  return version;
}

export function checkImageVersion(v: ImageVersion): void {
  const fits = (n: number, max: number) => Number.isInteger(n) && n >= 0 && n <= max;
  if (!fits(v.major, 0xff) || !fits(v.minor, 0xff) || !fits(v.patch, 0xffff) || !fits(v.build, 0xffff_ffff)) {
    throw new ImageBuildError(
      'version',
      'Version parts must fit the header: major and minor 0–255, patch 0–65535, build 0–4294967295.',
    );
  }
}

export function formatImageVersion(v: ImageVersion): string {
  const base = `${v.major}.${v.minor}.${v.patch}`;
  return v.build === 0 ? base : `${base}+${v.build}`;
}

/** Orders by major, minor, patch, then build; informational only — the security counter decides downgrade. */
export function compareImageVersions(a: ImageVersion, b: ImageVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch || a.build - b.build;
}
