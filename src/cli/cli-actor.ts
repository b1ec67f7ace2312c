/** The actor the CLI records (audit log, `imports.created_by`): `cli:<os user>`. */
export function cliActor(): string {
  return `cli:${process.env.USER ?? 'unknown'}`;
}
