package io.github.vwopush.internal.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * VWO's visitor UUID ({@code u}, {@code visId}): a name-based (version 5) UUID of the user id
 * in a namespace derived from the account id, printed as 32 upper-case hex digits.
 * <p>
 * Instances are immutable and thread-safe; the account namespace is computed once.
 */
public final class VisitorUuid {

	private static final UUID URL_NAMESPACE = UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

	/** {@code uuidV5(URL_NAMESPACE, "https://vwo.com")}, fixed by VWO. */
	static final UUID VWO_NAMESPACE = nameBased(URL_NAMESPACE, "https://vwo.com");

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private final UUID accountNamespace;

	private VisitorUuid(UUID accountNamespace) {
		this.accountNamespace = accountNamespace;
	}

	/**
	 * The generator for one account.
	 * @param accountId the VWO account id
	 * @return the generator
	 */
	public static VisitorUuid forAccount(long accountId) {
		return new VisitorUuid(nameBased(VWO_NAMESPACE, Long.toString(accountId)));
	}

	/**
	 * The visitor UUID of a user.
	 * @param userId the user id (hashed as UTF-8)
	 * @return 32 upper-case hex digits, no dashes
	 */
	public String of(String userId) {
		byte[] hash = v5Bytes(this.accountNamespace, userId);
		char[] out = new char[32];
		for (int i = 0; i < 16; i++) {
			out[i * 2] = HEX[(hash[i] >> 4) & 0x0F];
			out[i * 2 + 1] = HEX[hash[i] & 0x0F];
		}
		return new String(out);
	}

	UUID accountNamespace() {
		return this.accountNamespace;
	}

	static UUID nameBased(UUID namespace, String name) {
		ByteBuffer bytes = ByteBuffer.wrap(v5Bytes(namespace, name));
		return new UUID(bytes.getLong(), bytes.getLong());
	}

	private static byte[] v5Bytes(UUID namespace, String name) {
		MessageDigest sha1 = sha1();
		ByteBuffer ns = ByteBuffer.allocate(16);
		ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
		sha1.update(ns.array());
		byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
		hash[6] = (byte) ((hash[6] & 0x0F) | 0x50);
		hash[8] = (byte) ((hash[8] & 0x3F) | 0x80);
		return hash;
	}

	private static MessageDigest sha1() {
		try {
			return MessageDigest.getInstance("SHA-1");
		}
		catch (NoSuchAlgorithmException ex) {
			// Every Java platform must provide SHA-1 (MessageDigest's Javadoc), so this cannot happen.
			throw new IllegalStateException(ex);
		}
	}

}
