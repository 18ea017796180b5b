import { Injectable } from '@nestjs/common';
import { planConsistencyProof, planInclusionProof, assembleProof, type ProofPlan } from '#domain';
import { AppError, ErrorCode } from '../../common/errors/problem.js';
import { LogTreeRepository } from './log-tree.repository.js';

/** Inclusion and consistency proofs (RFC 9162) from the stored tree, in O(log n) node reads. */
@Injectable()
export class LogProofsService {
  constructor(private readonly tree: LogTreeRepository) {}

  async inclusion(idx: number, size: number): Promise<{ idx: number; size: number; leafHash: Buffer; proof: Buffer[] }> {
    await this.assertSize(size);
    if (idx >= size) throw invalid('idx', 'idx must be below size');
    const leafHash = await this.tree.leafHash(idx);
    if (!leafHash) throw new AppError(ErrorCode.NotFound, 'Record not found', `No record at index ${idx}.`);
    return { idx, size, leafHash, proof: await this.assemble(planInclusionProof(idx, size)) };
  }

  async consistency(from: number, to: number): Promise<{ from: number; to: number; proof: Buffer[] }> {
    await this.assertSize(to);
    if (from > to) throw invalid('from', 'from must not be above to');
    return { from, to, proof: await this.assemble(planConsistencyProof(from, to)) };
  }

  private async assemble(plan: ProofPlan): Promise<Buffer[]> {
    const nodes = await this.tree.nodes(plan.nodes);
    return assembleProof(plan, (level, index) => nodes.get(`${level}/${index}`));
  }

  private async assertSize(size: number): Promise<void> {
    const head = await this.tree.head();
    if (size > head.size) throw invalid('size', `the log has ${head.size} records`);
  }
}

const invalid = (field: string, message: string) => new AppError(ErrorCode.ValidationFailed, 'Validation failed', undefined, [{ field, message }]);
