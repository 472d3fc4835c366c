import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../../event-store/run-stream-command';
import { inputShapeProblems } from '../../http/input-shape';
import { fieldProblems, malformedBody, validationProblem, type Problem } from '../../http/problem';
import { toProblem } from '../../http/problem.filter';
import { CreateRecordCommand } from '../create-record/create-record.command';
import { CreateRecordDto, toRecordDraft } from '../create-record/create-record.dto';

export interface ImportLineResult {
  readonly line: number;
  readonly status: 'created' | 'unchanged' | 'refused';
  readonly id?: string;
  readonly stream?: string;
  readonly problem?: Problem;
}

export interface ImportReport {
  readonly received: number;
  readonly created: number;
  readonly unchanged: number;
  readonly refused: number;
  readonly results: ImportLineResult[];
}

/**
 * Records many records from NDJSON, one line at a time: each line is validated and
 * recorded like a `POST /records`, and the report says what was taken, what was
 * already there and what was refused and why. A refused line changes nothing.
 */
@Injectable()
export class RecordImporter {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  async importNdjson(text: string, context: CommandContext): Promise<ImportReport> {
    const results: ImportLineResult[] = [];
    const lines = text.split(/\r?\n/);
    for (const [index, raw] of lines.entries()) {
      if (raw.trim() === '') continue;
      results.push(await this.importLine(index + 1, raw, context));
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
    raw: string,
    context: CommandContext,
  ): Promise<ImportLineResult> {
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch (error) {
      return { line, status: 'refused', problem: malformedBody(error).problem };
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return {
        line,
        status: 'refused',
        problem: validationProblem([], 'Each line must be a JSON object').problem,
      };
    }
    // As the HTTP pipe does for a single record (src/http/validation.pipe.ts).
    const shapeProblems = inputShapeProblems(body);
    if (shapeProblems.length > 0) {
      return { line, status: 'refused', problem: validationProblem(shapeProblems).problem };
    }
    const dto = plainToInstance(CreateRecordDto, body);
    const errors = await validate(dto, {
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
    });
    if (errors.length > 0) {
      return { line, status: 'refused', problem: validationProblem(fieldProblems(errors)).problem };
    }
    const id = dto.id ?? randomUUID();
    try {
      const receipt = await this.commands.execute(
        new CreateRecordCommand(toRecordDraft(dto, id), { context }),
      );
      return {
        line,
        status: receipt.created ? 'created' : 'unchanged',
        id,
        stream: receipt.stream,
      };
    } catch (error) {
      const problem = toProblem(error);
      if (problem.status >= 500) throw error;
      return { line, status: 'refused', id, problem };
    }
  }
}
