package dev.kafkautils.sample.jobs;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import dev.kafkautils.autoconfigure.producer.KafkaUtilsTemplate;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /jobs} ({@code {"task": "..."}}) queues a job; {@code GET /jobs/{id}} answers
 * once a worker has done it.
 */
@RestController
@RequestMapping("/jobs")
class JobController {

	private final KafkaUtilsTemplate template;

	private final JobWorker worker;

	JobController(KafkaUtilsTemplate template, JobWorker worker) {
		this.template = template;
		this.worker = worker;
	}

	@PostMapping
	ResponseEntity<Job> queue(@RequestBody Map<String, String> request) {
		Job job = new Job(UUID.randomUUID().toString(), request.getOrDefault("task", "work"));
		this.template.sendAndWait("jobs", job.id(), job);
		return ResponseEntity.accepted().location(URI.create("/jobs/" + job.id())).body(job);
	}

	@GetMapping("/{id}")
	ResponseEntity<Map<String, String>> status(@PathVariable String id) {
		return ResponseEntity.of(this.worker.doneBy(id).map((worker) -> Map.of("id", id, "worker", worker)));
	}

}
