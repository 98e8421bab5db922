package io.github.vwopush.internal.delivery;

/** No spool: pushes go from the queue to the assembler as they come, and nothing outlives the process. */
final class MemoryJournal implements Journal {

	@Override
	public void take(PushQueue queue, BatchAssembler staged, Settlement settlement) {
		QueueItem item;
		while ((item = queue.poll()) != null) {
			staged.add(item);
		}
	}

	@Override
	public long nextTakeNanos(PushQueue queue, long nowNanos) {
		return nowNanos;
	}

	@Override
	public void readBack(BatchAssembler staged, PushQueue queue, boolean vwoAnswers) {
	}

	@Override
	public boolean canReadBack(BatchAssembler staged, PushQueue queue, boolean vwoAnswers) {
		return false;
	}

	@Override
	public boolean awaitsReadBackRetry(long nowNanos, boolean vwoAnswers) {
		return false;
	}

	@Override
	public long readBackRetryAtNanos() {
		return System.nanoTime();
	}

	@Override
	public void acknowledge(QueuedPush push) {
	}

	@Override
	public boolean keeps(QueuedPush push) {
		return false;
	}

	@Override
	public boolean retriesUntilDelivered() {
		return false;
	}

	@Override
	public long parkedDimensions() {
		return 0;
	}

	@Override
	public long sizeBytes() {
		return 0;
	}

	@Override
	public long close(Settlement settlement) {
		return 0;
	}

}
