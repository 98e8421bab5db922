package io.github.vwopush.internal.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.jspecify.annotations.Nullable;

/**
 * A file of the spool that is only appended to and never keeps a partial write: a write
 * that fails (a full disk) is cut off again, so that nothing is ever appended after half
 * a record or half an ack entry. When even the cut fails, the file is <em>torn</em> and
 * the cut is retried before the next append.
 */
final class SpoolFile {

	final Path path;

	private final SpoolDirectory directory;

	private @Nullable FileChannel channel;

	/** Bytes of whole entries: where the next append starts. */
	private long length;

	private boolean torn;

	private boolean dirty;

	SpoolFile(SpoolDirectory directory, String name) {
		this.path = directory.path.resolve(name);
		this.directory = directory;
	}

	/** The file holds {@code length} bytes of whole entries, as recovery found them. */
	void recovered(long length) {
		this.length = length;
	}

	long length() {
		return this.length;
	}

	/** A failed write left bytes after {@link #length()} that could not be cut off yet. */
	boolean isTorn() {
		return this.torn;
	}

	/**
	 * Append all of {@code bytes}, or nothing.
	 * @throws IOException when the write fails; the file then holds what it held before,
	 * or is {@linkplain #isTorn() torn} when the partial write could not be cut off
	 */
	void append(ByteBuffer bytes) throws IOException {
		FileChannel writer = writer();
		if (this.torn) {
			writer.truncate(this.length);
			this.torn = false;
		}
		int count = bytes.remaining();
		try {
			while (bytes.hasRemaining()) {
				writer.write(bytes);
			}
		}
		catch (IOException ex) {
			try {
				writer.truncate(this.length);
			}
			catch (IOException cut) {
				this.torn = true;
				ex.addSuppressed(cut);
			}
			throw ex;
		}
		this.length += count;
		this.dirty = true;
	}

	private FileChannel writer() throws IOException {
		FileChannel writer = this.channel;
		if (writer == null) {
			boolean created = Files.notExists(this.path);
			writer = this.directory.open(this.path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
					StandardOpenOption.APPEND);
			this.channel = writer;
			if (created) {
				this.directory.syncEntries();
			}
		}
		return writer;
	}

	/** Make what was appended durable. */
	void sync() throws IOException {
		FileChannel writer = this.channel;
		if (this.dirty && writer != null) {
			writer.force(false);
			this.dirty = false;
		}
	}

	/**
	 * Delete the file (closed first); the caller syncs the directory.
	 * @return whether there was a file to delete
	 */
	boolean delete() throws IOException {
		close();
		return Files.deleteIfExists(this.path);
	}

	/** Sync, then close; a later append opens the file again. */
	void close() throws IOException {
		FileChannel writer = this.channel;
		if (writer != null) {
			sync();
			this.channel = null;
			writer.close();
		}
	}

}
