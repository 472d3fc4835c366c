import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ShiftsReader, type ShiftsRequest, type ShiftsView } from './shifts-reader';

export class GetShiftsQuery extends Query<ShiftsView> {
  constructor(readonly request: ShiftsRequest) {
    super();
  }
}

@QueryHandler(GetShiftsQuery)
export class GetShiftsHandler implements IQueryHandler<GetShiftsQuery, ShiftsView> {
  constructor(@Inject(ShiftsReader) private readonly shifts: ShiftsReader) {}

  execute({ request }: GetShiftsQuery): Promise<ShiftsView> {
    return Promise.resolve(this.shifts.shifts(request));
  }
}
