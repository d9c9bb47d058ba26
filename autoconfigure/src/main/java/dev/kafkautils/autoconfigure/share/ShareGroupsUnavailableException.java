package dev.kafkautils.autoconfigure.share;

/**
 * The cluster has share groups disabled, so share listeners cannot start. The message
 * says how to enable them.
 */
public class ShareGroupsUnavailableException extends RuntimeException {

	/**
	 * @param message what is wrong and how to enable share groups
	 */
	public ShareGroupsUnavailableException(String message) {
		super(message);
	}

}
