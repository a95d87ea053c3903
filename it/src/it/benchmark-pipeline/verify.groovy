import io.github.oneclick.sandbox.it.SandboxAdmin
import java.time.OffsetDateTime

// Figures, not assertions about speed: wall time of the whole mvn deploy, time inside each goal, and the
// requests each goal made to the sandbox (attributed by time window).
def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def lines = new File(basedir, 'build.log').readLines()
def stamp = { String line ->
    def m = line =~ /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) /
    m.find() ? OffsetDateTime.parse(m.group(1)).toInstant() : null
}
def starts = [:]
def firstStamp = null
def lastStamp = null
lines.each { line ->
    def t = stamp(line)
    if (t == null) return
    if (firstStamp == null) firstStamp = t
    lastStamp = t
    ['validate', 'snapshot', 'release'].each { goal ->
        if (line.contains(":${goal} (publish-1-click)")) starts[goal] = t
    }
}
assert starts.size() == 3 : "goal start lines not found: ${starts.keySet()}"
def ends = [validate: starts.snapshot, snapshot: starts.release, release: lastStamp]
def requests = sandbox.requests()
def total = java.time.Duration.between(firstStamp, lastStamp)
def mavenTotal = lines.find { it.contains('Total time:') }?.replaceAll(/.*Total time:\s*/, '')

def report = new StringBuilder()
report << '\nPipeline benchmark: mvn deploy of the example vendor project against the sandbox\n'
report << String.format('  %-28s %s%n', 'wall time (first to last log line)', String.format('%.2f s', total.toMillis() / 1000.0))
report << String.format('  %-28s %s%n', 'Maven total time', mavenTotal)
report << String.format('  %-10s %10s %10s   %s%n', 'goal', 'time', 'requests', 'by method')
def inGoals = 0L
['validate', 'snapshot', 'release'].each { goal ->
    def from = starts[goal]
    def to = ends[goal]
    def mine = requests.findAll { r ->
        def t = java.time.Instant.parse(r.path('time').asText())
        !t.isBefore(from) && t.isBefore(to.plusMillis(1))
    }
    def byMethod = mine.groupBy { it.path('method').asText() }.collect { k, v -> "${k} ${v.size()}" }.sort().join(', ')
    def millis = java.time.Duration.between(from, to).toMillis()
    inGoals += millis
    report << String.format('  %-10s %8.2f s %10d   %s%n', goal, millis / 1000.0, mine.size(), byMethod ?: '-')
}
report << String.format('  %-10s %8.2f s %10d%n', 'all goals', inGoals / 1000.0, requests.size())
println report
new File(basedir, 'benchmark.txt').text = report.toString()
return true
