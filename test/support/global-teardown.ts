export default async function globalTeardown(): Promise<void> {
  const embedded = globalThis.__acsEmbedded;
  if (!embedded) return;
  globalThis.__acsEmbedded = undefined;
  await embedded.broker?.close();
  if (embedded.pg && embedded.pg.exitCode === null) {
    const exited = new Promise((resolve) => embedded.pg!.once('exit', resolve));
    embedded.pg.kill('SIGTERM');
    await exited;
  }
}
