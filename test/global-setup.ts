/** Nothing global yet: each test file awaits `initParser()` itself. Kept so CLI tests can rely on a build. */
export default function setup(): void {
  // Intentionally empty.
}
