package io.concord.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * CPU time of the stack's processes, read from /proc (Linux): each process found by the
 * port it listens on, PostgreSQL with every backend it forked. Covers what the
 * applications' own metrics cannot: PostgreSQL and Kafka.
 */
final class ProcessCpu {

	/** /proc/[pid]/stat counts in clock ticks: 100 per second on Linux. */
	private static final double TICKS_PER_SECOND = 100;

	/** Process name to the pid listening on its port; the ones not found are left out. */
	private final Map<String, Long> pids;

	private final Set<String> withChildren;

	private ProcessCpu(Map<String, Long> pids, Set<String> withChildren) {
		this.pids = pids;
		this.withChildren = withChildren;
	}

	/**
	 * @param ports the port each process listens on, by a name for it
	 * @param withChildren names whose child processes count too (PostgreSQL's backends)
	 */
	static ProcessCpu listeningOn(Map<String, Integer> ports, Set<String> withChildren) {
		Map<String, Long> pids = new LinkedHashMap<>();
		if (!Files.isDirectory(Path.of("/proc/net"))) {
			return new ProcessCpu(pids, withChildren);
		}
		Map<Long, Integer> inodeToPort = listeningInodes();
		Map<Integer, Long> portToPid = new java.util.HashMap<>();
		try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
			for (Path process : processes.filter((p) -> p.getFileName().toString().matches("\\d+")).toList()) {
				try (Stream<Path> fds = Files.list(process.resolve("fd"))) {
					for (Path fd : fds.toList()) {
						String link = readLink(fd);
						if (link.startsWith("socket:[")) {
							Integer port = inodeToPort.get(Long.parseLong(link.substring(8, link.length() - 1)));
							if (port != null) {
								portToPid.putIfAbsent(port, Long.parseLong(process.getFileName().toString()));
							}
						}
					}
				}
				catch (IOException | RuntimeException ex) {
					// gone, or not ours to read
				}
			}
		}
		catch (IOException ex) {
			return new ProcessCpu(pids, withChildren);
		}
		ports.forEach((name, port) -> {
			Long pid = portToPid.get(port);
			if (pid != null) {
				pids.put(name, pid);
			}
		});
		return new ProcessCpu(pids, withChildren);
	}

	Set<String> found() {
		return this.pids.keySet();
	}

	/** CPU seconds so far (user and system), by process name. */
	Map<String, Double> seconds() {
		Map<String, Double> seconds = new LinkedHashMap<>();
		Map<Long, List<Long>> children = this.withChildren.isEmpty() ? Map.of() : childrenByParent();
		this.pids.forEach((name, pid) -> {
			double ticks = ticks(pid);
			if (this.withChildren.contains(name)) {
				for (long child : children.getOrDefault(pid, List.of())) {
					ticks += ticks(child);
				}
			}
			seconds.put(name, ticks / TICKS_PER_SECOND);
		});
		return seconds;
	}

	/**
	 * CPU seconds so far of the JIT compiler threads (HotSpot's "C1/C2 CompilerThread")
	 * of every process found.
	 */
	double compilerSeconds() {
		double ticks = 0;
		for (long pid : this.pids.values()) {
			try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
				for (Path task : tasks.toList()) {
					try {
						if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
							String stat = Files.readString(task.resolve("stat"));
							String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
							ticks += Double.parseDouble(fields[11]) + Double.parseDouble(fields[12]);
						}
					}
					catch (IOException | RuntimeException ex) {
						// the thread ended
					}
				}
			}
			catch (IOException ex) {
				// the process ended
			}
		}
		return ticks / TICKS_PER_SECOND;
	}

	private static Map<Long, Integer> listeningInodes() {
		Map<Long, Integer> inodes = new java.util.HashMap<>();
		for (String table : new String[] { "/proc/net/tcp", "/proc/net/tcp6" }) {
			try {
				for (String line : Files.readAllLines(Path.of(table)).stream().skip(1).toList()) {
					String[] fields = line.trim().split("\\s+");
					if (fields.length > 9 && fields[3].equals("0A")) { // LISTEN
						String local = fields[1];
						int port = Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16);
						inodes.put(Long.parseLong(fields[9]), port);
					}
				}
			}
			catch (IOException | RuntimeException ex) {
				// no such table
			}
		}
		return inodes;
	}

	private static Map<Long, List<Long>> childrenByParent() {
		Map<Long, List<Long>> children = new java.util.HashMap<>();
		try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
			for (Path process : processes.filter((p) -> p.getFileName().toString().matches("\\d+")).toList()) {
				String[] stat = stat(Long.parseLong(process.getFileName().toString()));
				if (stat != null) {
					children.computeIfAbsent(Long.parseLong(stat[1]), (parent) -> new java.util.ArrayList<>())
						.add(Long.parseLong(process.getFileName().toString()));
				}
			}
		}
		catch (IOException ex) {
			// none then
		}
		return children;
	}

	private static double ticks(long pid) {
		String[] stat = stat(pid);
		// utime and stime: fields 14 and 15 of stat, 12 and 13 after the command name
		return (stat != null) ? Double.parseDouble(stat[11]) + Double.parseDouble(stat[12]) : 0;
	}

	// The fields after "(command)", which may itself hold spaces: state, ppid, ...
	private static String[] stat(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	private static String readLink(Path fd) {
		try {
			return Files.readSymbolicLink(fd).toString();
		}
		catch (IOException ex) {
			return "";
		}
	}

	static Set<String> names(String... names) {
		return new HashSet<>(List.of(names));
	}

}
