import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { commandContext } from '../../http/request-context';
import { toInstant } from '../../http/validators';
import { answerWrite } from '../../http/write-reply';
import { AffiliateActorCommand } from '../affiliate-actor/affiliate-actor.command';
import type { ActorView } from '../get-actors/actor-directory';
import { GetActorQuery, ListActorsQuery, type ActorPage } from '../get-actors/get-actors.query';
import { RegisterActorCommand } from '../register-actor/register-actor.command';
import { AffiliationDto, ListActorsQueryDto, RegisterActorDto } from './actors.dto';
import { RequireRole } from '../../auth/access.decorator';

@Controller('actors')
export class ActorsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @RequireRole('recorder')
  @Post()
  async register(
    @Body() dto: RegisterActorDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const receipt = await this.commands.execute(
      new RegisterActorCommand(
        {
          id: dto.id,
          name: dto.name,
          kind: dto.kind,
          aliases: dto.aliases ?? [],
          ...(dto.country ? { country: dto.country } : {}),
        },
        commandContext(request),
      ),
    );
    return answerWrite(reply, receipt, `/actors/${dto.id}`);
  }

  @RequireRole('analyst')
  @Get()
  list(@Query() query: ListActorsQueryDto): Promise<ActorPage> {
    return this.queries.execute(new ListActorsQuery(query.limit ?? 100, query.kind, query.cursor));
  }

  @RequireRole('analyst')
  @Get(':id')
  get(@Param('id') id: string): Promise<ActorView> {
    return this.queries.execute(new GetActorQuery(id));
  }

  @RequireRole('recorder')
  @Post(':id/affiliations')
  async affiliate(
    @Param('id') id: string,
    @Body() dto: AffiliationDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const receipt = await this.commands.execute(
      new AffiliateActorCommand(
        {
          actor: id,
          parent: dto.parent,
          from: toInstant(dto.from),
          ...(dto.to ? { to: toInstant(dto.to) } : {}),
          ...(dto.role ? { role: dto.role } : {}),
        },
        commandContext(request),
      ),
    );
    return answerWrite(reply, receipt, `/actors/${id}`);
  }
}
