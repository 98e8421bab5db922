package io.github.vwopush.internal.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A real file channel that fails like a full disk: the write that would cross
 * {@code failAfterBytes} writes only the bytes up to it, then throws; later writes succeed
 * (space was freed meanwhile). The first {@code truncateFailures} truncations throw too.
 * {@code forced} runs after each successful {@link #force}.
 */
final class DiskFullChannel extends FileChannel {

	private final FileChannel file;

	private long bytesUntilFailure;

	private int truncateFailures;

	private final Runnable forced;

	/**
	 * Wrap a channel.
	 * @param file the real channel
	 * @param failAfterBytes bytes written before the write that fails, or -1 for none
	 * @param truncateFailures how many truncations fail
	 * @param forced what to run after each successful force
	 */
	DiskFullChannel(FileChannel file, long failAfterBytes, int truncateFailures, Runnable forced) {
		this.file = file;
		this.bytesUntilFailure = failAfterBytes;
		this.truncateFailures = truncateFailures;
		this.forced = forced;
	}

	@Override
	public int write(ByteBuffer src) throws IOException {
		if (this.bytesUntilFailure < 0 || src.remaining() <= this.bytesUntilFailure) {
			int written = this.file.write(src);
			this.bytesUntilFailure -= (this.bytesUntilFailure >= 0) ? written : 0;
			return written;
		}
		ByteBuffer part = src.slice(src.position(), (int) this.bytesUntilFailure);
		while (part.hasRemaining()) {
			this.file.write(part);
		}
		src.position(src.position() + part.position());
		this.bytesUntilFailure = -1;
		throw new IOException("No space left on device");
	}

	@Override
	public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
		long written = 0;
		for (int i = offset; i < offset + length; i++) {
			written += write(srcs[i]);
		}
		return written;
	}

	@Override
	public FileChannel truncate(long size) throws IOException {
		if (this.truncateFailures > 0) {
			this.truncateFailures--;
			throw new IOException("Input/output error");
		}
		this.file.truncate(size);
		return this;
	}

	@Override
	public int read(ByteBuffer dst) throws IOException {
		return this.file.read(dst);
	}

	@Override
	public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
		return this.file.read(dsts, offset, length);
	}

	@Override
	public long position() throws IOException {
		return this.file.position();
	}

	@Override
	public FileChannel position(long newPosition) throws IOException {
		this.file.position(newPosition);
		return this;
	}

	@Override
	public long size() throws IOException {
		return this.file.size();
	}

	@Override
	public void force(boolean metaData) throws IOException {
		this.file.force(metaData);
		this.forced.run();
	}

	@Override
	public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
		return this.file.transferTo(position, count, target);
	}

	@Override
	public long transferFrom(ReadableByteChannel src, long position, long count) {
		throw new UnsupportedOperationException("writes go through write(ByteBuffer) so that they can fail");
	}

	@Override
	public int read(ByteBuffer dst, long position) throws IOException {
		return this.file.read(dst, position);
	}

	@Override
	public int write(ByteBuffer src, long position) {
		throw new UnsupportedOperationException("writes go through write(ByteBuffer) so that they can fail");
	}

	@Override
	public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
		return this.file.map(mode, position, size);
	}

	@Override
	public FileLock lock(long position, long size, boolean shared) throws IOException {
		return this.file.lock(position, size, shared);
	}

	@Override
	public FileLock tryLock(long position, long size, boolean shared) throws IOException {
		return this.file.tryLock(position, size, shared);
	}

	@Override
	protected void implCloseChannel() throws IOException {
		this.file.close();
	}

}
