package dev.kafkautils.autoconfigure.registry;

import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.kafkautils.autoconfigure.registry.SchemaRegistryMetrics.Operation;

/**
 * A {@link SchemaRegistryClient} that caches what a registry never changes, in front of
 * another client (the HTTP one): schemas by id and by GUID, the id of a schema registered
 * under a subject, the version a lookup found, and numbered subject versions. After
 * warm-up, sending and receiving with known schemas make no registry calls, and keep
 * working while the registry is down.
 * <p>
 * Each cache holds at most {@code cache.max-entries} entries (the entry put first, or
 * any one, is dropped when full). An id or GUID the registry does not know is remembered
 * for {@code cache.negative-ttl}, so that records framed with it (hostile or stale) cause
 * at most one request per id in that time. Compatibility checks and levels, the latest
 * version, and failed lookups are not cached: they change.
 * <p>
 * Reading a cached schema by id allocates nothing. The other caches are keyed by
 * (subject, schema): callers on a per-record path keep the answer themselves.
 */
public final class CachingSchemaRegistryClient implements SchemaRegistryClient {

	private final SchemaRegistryClient delegate;

	private final SchemaRegistryMetrics metrics;

	private final int maxEntries;

	private final long negativeTtlNanos;

	private final BoundedIntCache<RegistrySchema> schemasById;

	private final BoundedIntCache<Unknown> unknownIds;

	private final ConcurrentHashMap<UUID, RegistrySchema> schemasByGuid = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<UUID, Unknown> unknownGuids = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<SubjectSchema, SchemaId> registrations = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<SubjectSchema, SubjectVersion> lookups = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<NumberedVersion, SubjectVersion> versions = new ConcurrentHashMap<>();

	/**
	 * @param delegate the client that asks the registry
	 * @param cache the cache settings: the bound and the negative TTL
	 * @param metrics where cache misses are counted
	 */
	public CachingSchemaRegistryClient(SchemaRegistryClient delegate, SchemaRegistryProperties.Cache cache,
			SchemaRegistryMetrics metrics) {
		this.delegate = delegate;
		this.metrics = metrics;
		this.maxEntries = Math.max(1, cache.getMaxEntries());
		this.negativeTtlNanos = Math.max(0, cache.getNegativeTtl().toNanos());
		this.schemasById = new BoundedIntCache<>(this.maxEntries);
		this.unknownIds = new BoundedIntCache<>(this.maxEntries);
	}

	/** @return the client this one asks on a cache miss */
	public SchemaRegistryClient delegate() {
		return this.delegate;
	}

	@Override
	public SchemaId register(String subject, RegistrySchema schema, boolean normalize) {
		SubjectSchema key = new SubjectSchema(subject, schema, normalize);
		SchemaId id = this.registrations.get(key);
		if (id == null) {
			this.metrics.cacheMiss(Operation.REGISTER);
			id = this.delegate.register(subject, schema, normalize);
			put(this.registrations, key, id);
		}
		return id;
	}

	@Override
	public Optional<SubjectVersion> lookup(String subject, RegistrySchema schema, boolean normalize) {
		SubjectSchema key = new SubjectSchema(subject, schema, normalize);
		SubjectVersion version = this.lookups.get(key);
		if (version != null) {
			return Optional.of(version);
		}
		this.metrics.cacheMiss(Operation.LOOKUP);
		Optional<SubjectVersion> found = this.delegate.lookup(subject, schema, normalize);
		found.ifPresent((value) -> put(this.lookups, key, value));
		return found;
	}

	@Override
	public RegistrySchema schemaById(int id) {
		RegistrySchema schema = this.schemasById.get(id);
		if (schema != null) {
			return schema;
		}
		Unknown unknown = this.unknownIds.get(id);
		if (unknown != null) {
			if (unknown.isCurrent()) {
				throw unknown.failure("Schema id " + id);
			}
			this.unknownIds.remove(id);
		}
		this.metrics.cacheMiss(Operation.SCHEMA_BY_ID);
		try {
			schema = this.delegate.schemaById(id);
		}
		catch (SchemaRegistryException ex) {
			if (ex.isNotFound() && this.negativeTtlNanos > 0) {
				this.unknownIds.put(id, new Unknown(ex, System.nanoTime() + this.negativeTtlNanos));
			}
			throw ex;
		}
		this.schemasById.put(id, schema);
		return schema;
	}

	@Override
	public RegistrySchema schemaByGuid(UUID guid) {
		RegistrySchema schema = this.schemasByGuid.get(guid);
		if (schema != null) {
			return schema;
		}
		Unknown unknown = this.unknownGuids.get(guid);
		if (unknown != null) {
			if (unknown.isCurrent()) {
				throw unknown.failure("Schema GUID " + guid);
			}
			this.unknownGuids.remove(guid, unknown);
		}
		this.metrics.cacheMiss(Operation.SCHEMA_BY_GUID);
		try {
			schema = this.delegate.schemaByGuid(guid);
		}
		catch (SchemaRegistryException ex) {
			if (ex.isNotFound() && this.negativeTtlNanos > 0) {
				put(this.unknownGuids, guid, new Unknown(ex, System.nanoTime() + this.negativeTtlNanos));
			}
			throw ex;
		}
		put(this.schemasByGuid, guid, schema);
		return schema;
	}

	@Override
	public Optional<SubjectVersion> version(String subject, int version) {
		if (version <= 0) {
			// the latest version changes
			return this.delegate.version(subject, version);
		}
		NumberedVersion key = new NumberedVersion(subject, version);
		SubjectVersion cached = this.versions.get(key);
		if (cached != null) {
			return Optional.of(cached);
		}
		this.metrics.cacheMiss(Operation.VERSION);
		Optional<SubjectVersion> found = this.delegate.version(subject, version);
		found.ifPresent((value) -> put(this.versions, key, value));
		return found;
	}

	@Override
	public CompatibilityResult checkCompatibility(String subject, RegistrySchema schema) {
		return this.delegate.checkCompatibility(subject, schema);
	}

	@Override
	public Optional<String> compatibility(String subject) {
		return this.delegate.compatibility(subject);
	}

	@Override
	public void setCompatibility(String subject, String level) {
		this.delegate.setCompatibility(subject, level);
	}

	private <K, V> void put(ConcurrentHashMap<K, V> cache, K key, V value) {
		if (cache.size() >= this.maxEntries && !cache.containsKey(key)) {
			Iterator<K> keys = cache.keySet().iterator();
			if (keys.hasNext()) {
				keys.next();
				keys.remove();
			}
		}
		cache.put(key, value);
	}

	private record SubjectSchema(String subject, RegistrySchema schema, boolean normalize) {
	}

	private record NumberedVersion(String subject, int version) {
	}

	/** An id or GUID the registry said it does not know, until the negative TTL has passed. */
	private record Unknown(SchemaRegistryException answer, long expiresAtNanos) {

		boolean isCurrent() {
			return System.nanoTime() - this.expiresAtNanos < 0;
		}

		SchemaRegistryException failure(String what) {
			Duration left = Duration.ofNanos(Math.max(0, this.expiresAtNanos - System.nanoTime()));
			return new SchemaRegistryException(this.answer.url(), this.answer.status(), this.answer.errorCode(),
					what + " is unknown to the registry (remembered for another " + left.toSeconds() + " s): "
							+ this.answer.getMessage(),
					null);
		}

	}

	@Override
	public String toString() {
		return "CachingSchemaRegistryClient[" + this.delegate + ", max " + this.maxEntries + " entries]";
	}

}
