import { appendedReceipt, type WriteReceipt } from '../common/write-receipt';
import type { EventStore } from '../event-store/event-store.port';
import type { CommandContext } from '../common/command-context';
import { runStreamCommand } from '../event-store/run-stream-command';
import type { ProjectionRunner } from '../projections/projection-runner';
import { actorStream, decideActor, type ActorCommand } from './domain/actor';
import { actorModel } from './domain/actor-event';

/** Runs a command on an actor's stream and waits until the actors view shows it. */
export async function writeActor(
  store: EventStore,
  runner: ProjectionRunner,
  actorId: string,
  command: ActorCommand,
  context: CommandContext,
): Promise<WriteReceipt> {
  const stream = actorStream(actorId);
  const result = await runStreamCommand(
    store,
    stream,
    actorModel,
    (state) => decideActor(state, command),
    {
      context,
    },
  );
  if (result.appended) {
    await runner.waitFor({ stream, position: result.appended.position, type: '' });
    return appendedReceipt(actorId, stream, result.appended);
  }
  const last = result.history[result.history.length - 1];
  return {
    id: actorId,
    stream,
    revision: last?.revision ?? -1,
    position: last?.position ?? '',
    created: false,
  };
}
