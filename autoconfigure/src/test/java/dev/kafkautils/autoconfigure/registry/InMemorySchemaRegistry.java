package dev.kafkautils.autoconfigure.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * A {@link SchemaRegistryClient} test double that keeps subjects and schemas in memory as
 * a registry does: a schema (text and references) has one id however many subjects
 * hold it, ids are not dense, each schema has a GUID (when {@code guids}), and every call
 * is counted. Compatibility is what the test decides ({@link #compatibility(BiFunction)}),
 * compatible by default.
 */
class InMemorySchemaRegistry implements SchemaRegistryClient {

	private final boolean guids;

	private final AtomicInteger calls = new AtomicInteger();

	private final AtomicInteger nextId = new AtomicInteger(100);

	private final Map<RegistrySchema, SchemaId> ids = new ConcurrentHashMap<>();

	private final Map<Integer, RegistrySchema> byId = new ConcurrentHashMap<>();

	private final Map<UUID, RegistrySchema> byGuid = new ConcurrentHashMap<>();

	private final Map<String, List<RegistrySchema>> subjects = new ConcurrentHashMap<>();

	private final Map<String, String> levels = new ConcurrentHashMap<>();

	private volatile BiFunction<String, RegistrySchema, CompatibilityResult> compatibility = (subject,
			schema) -> new CompatibilityResult(true, List.of());

	InMemorySchemaRegistry(boolean guids) {
		this.guids = guids;
	}

	InMemorySchemaRegistry() {
		this(true);
	}

	int calls() {
		return this.calls.get();
	}

	void compatibility(BiFunction<String, RegistrySchema, CompatibilityResult> verdict) {
		this.compatibility = verdict;
	}

	List<RegistrySchema> versions(String subject) {
		return this.subjects.getOrDefault(subject, List.of());
	}

	Map<String, String> levels() {
		return this.levels;
	}

	@Override
	public synchronized SchemaId register(String subject, RegistrySchema schema, boolean normalize) {
		this.calls.incrementAndGet();
		SchemaId id = this.ids.computeIfAbsent(schema, (key) -> {
			SchemaId created = new SchemaId(this.nextId.getAndAdd(7), this.guids ? UUID.randomUUID() : null);
			this.byId.put(created.id(), key);
			if (created.guid() != null) {
				this.byGuid.put(created.guid(), key);
			}
			return created;
		});
		List<RegistrySchema> versions = this.subjects.computeIfAbsent(subject, (key) -> new ArrayList<>());
		if (!versions.contains(schema)) {
			versions.add(schema);
		}
		return id;
	}

	@Override
	public synchronized Optional<SubjectVersion> lookup(String subject, RegistrySchema schema, boolean normalize) {
		this.calls.incrementAndGet();
		List<RegistrySchema> versions = this.subjects.getOrDefault(subject, List.of());
		int index = versions.indexOf(schema);
		return (index < 0) ? Optional.empty()
				: Optional.of(new SubjectVersion(subject, index + 1, this.ids.get(schema).id(), schema));
	}

	@Override
	public RegistrySchema schemaById(int id) {
		this.calls.incrementAndGet();
		RegistrySchema schema = this.byId.get(id);
		if (schema == null) {
			throw new SchemaRegistryException("mem:/schemas/ids/" + id, 404, 40403, "Schema " + id + " not found",
					null);
		}
		return schema;
	}

	@Override
	public RegistrySchema schemaByGuid(UUID guid) {
		this.calls.incrementAndGet();
		RegistrySchema schema = this.byGuid.get(guid);
		if (schema == null) {
			throw new SchemaRegistryException("mem:/schemas/guids/" + guid, 404, 40403, "Schema not found", null);
		}
		return schema;
	}

	@Override
	public synchronized Optional<SubjectVersion> version(String subject, int version) {
		this.calls.incrementAndGet();
		List<RegistrySchema> versions = this.subjects.getOrDefault(subject, List.of());
		int index = (version == -1) ? versions.size() - 1 : version - 1;
		if (index < 0 || index >= versions.size()) {
			return Optional.empty();
		}
		RegistrySchema schema = versions.get(index);
		return Optional.of(new SubjectVersion(subject, index + 1, this.ids.get(schema).id(), schema));
	}

	@Override
	public CompatibilityResult checkCompatibility(String subject, RegistrySchema schema) {
		this.calls.incrementAndGet();
		if (this.subjects.getOrDefault(subject, List.of()).isEmpty()) {
			return new CompatibilityResult(true, List.of());
		}
		return this.compatibility.apply(subject, schema);
	}

	@Override
	public Optional<String> compatibility(String subject) {
		this.calls.incrementAndGet();
		return Optional.ofNullable(this.levels.get(subject));
	}

	@Override
	public void setCompatibility(String subject, String level) {
		this.calls.incrementAndGet();
		this.levels.put(subject, level);
	}

}
