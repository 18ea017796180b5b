import * as domain from '../index.js';

describe('#domain ledger exports', () => {
  it('supports the whole flow through the public surface: append, checkpoint, prove, verify', () => {
    const { signerKey, verifierKey } = domain.generateNoteKey('acs.example.jp/access-log/main');
    const signer = domain.parseSignerKey(signerKey);
    const verifier = domain.parseVerifierKey(verifierKey);
    if (!signer.ok || !verifier.ok) throw new Error('keys');

    const records: domain.LedgerRecord[] = Array.from({ length: 10 }, (_, idx) => ({
      logId: 'main',
      idx,
      id: `00000000-0000-4000-8000-${String(idx).padStart(12, '0')}`,
      kind: 'door',
      type: 'door.opened',
      occurredAt: new Date(1_790_000_000_000 + idx),
      recordedAt: new Date(1_790_000_000_000 + idx),
      source: 'bridge-1',
      body: {},
    }));
    const frontier = domain.TreeFrontier.empty();
    const leaves = records.map((r) => domain.recordLeafHash(r));
    leaves.forEach((leaf) => frontier.append(leaf));
    const note = domain.signCheckpoint({ origin: 'acs.example.jp/access-log/main', size: frontier.size, rootHash: frontier.root() }, [signer.key]);

    const opened = domain.openCheckpoint(note, [verifier.key]);
    expect(opened.ok).toBe(true);
    const proof = domain.inclusionProof(3, 10, domain.leafSource(leaves));
    expect(domain.verifyInclusion(leaves[3]!, 3, 10, proof, frontier.root())).toBe(true);

    const report = domain.verifyLog(records.map((record, i) => ({ record, leafHash: leaves[i] })), { checkpoints: [note], verifiers: [verifier.key] });
    expect(report).toMatchObject({ ok: true, checkpointsVerified: 1, treeSize: 10 });
  });
});
