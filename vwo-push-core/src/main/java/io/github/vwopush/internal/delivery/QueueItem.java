package io.github.vwopush.internal.delivery;

/**
 * What the push queue holds: pushes, and flush barriers that mark a point in it.
 */
sealed interface QueueItem permits QueuedPush, FlushBarrier {

}
