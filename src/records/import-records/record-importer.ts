import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandContext } from '../../common/command-context';
import { CreateRecordCommand } from '../create-record/create-record.command';
import { parseRecordInput } from '../create-record/parse-record-input';
import { ImportRefusals, type LineProblem } from './import-refusals';

export interface ImportLineResult {
  readonly line: number;
  readonly status: 'created' | 'unchanged' | 'refused';
  readonly id?: string;
  readonly stream?: string;
  readonly problem?: LineProblem;
}

export interface ImportReport {
  readonly received: number;
  readonly created: number;
  readonly unchanged: number;
  readonly refused: number;
  readonly results: ImportLineResult[];
}

/**
 * Records many records from NDJSON, one line at a time: each line is parsed
 * ({@link parseRecordInput}) and recorded like a `POST /records`, and the report says what
 * was taken, what was already there and what was refused and why. A refused line
 * changes nothing.
 */
@Injectable()
export class RecordImporter {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(ImportRefusals) private readonly refusals: ImportRefusals,
  ) {}

  async importNdjson(text: string, context: CommandContext): Promise<ImportReport> {
    const results: ImportLineResult[] = [];
    const lines = text.split(/\r?\n/);
    for (const [index, text] of lines.entries()) {
      if (text.trim() === '') continue;
      results.push(await this.importLine(index + 1, text, context));
    }
    const count = (status: ImportLineResult['status']): number =>
      results.filter((r) => r.status === status).length;
    return {
      received: results.length,
      created: count('created'),
      unchanged: count('unchanged'),
      refused: count('refused'),
      results,
    };
  }

  private async importLine(
    line: number,
    text: string,
    context: CommandContext,
  ): Promise<ImportLineResult> {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      return { line, status: 'refused', problem: this.refusals.notJson(error) };
    }
    const input = parseRecordInput(raw);
    if (!input.ok) return { line, status: 'refused', problem: this.refusals.invalid(input) };
    const { id } = input.draft;
    try {
      const receipt = await this.commands.execute(
        new CreateRecordCommand(input.draft, { context }),
      );
      return {
        line,
        status: receipt.created ? 'created' : 'unchanged',
        id,
        stream: receipt.stream,
      };
    } catch (error) {
      const problem = this.refusals.refused(error);
      if (problem === undefined) throw error;
      return { line, status: 'refused', id, problem };
    }
  }
}
