import io.github.oneclick.sandbox.it.SandboxAdmin
import java.time.Duration
import java.time.Instant
import java.time.OffsetDateTime

// Figures, not assertions about speed. Per goal of execution publish-1-click (each goal's window runs from its start
// line in build.log to the next mojo's start line or the build's result line): our wall time; the sandbox's own time
// for the remote work of that window (the actions that started in it, from start to completion, plus a created
// droplet's boot until its sshd listens and a new snapshot's lag until it is listed); our overhead (ours - remote) and
// the ratio ours / remote; the requests the goal made, by method, and how many would change state. The structure is
// asserted, so that the benchmark cannot print an empty table.
def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def lines = new File(basedir, 'build.log').readLines()
def stamp = { String line ->
    def m = line =~ /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(?:[+-]\d\d:\d\d|Z)) /
    m.find() ? OffsetDateTime.parse(m.group(1)).toInstant() : null
}

// ---------------------------------------------------------------- the goals' windows, from the log
def goalStart = ~/--- (?:marketplace-maven-plugin|marketplace):[^:\s]+:([\w-]+) \(publish-1-click\) @ /
def anyMojoStart = ~/\] --- \S+ \([^)]*\) @ /
def buildResult = ~/\] BUILD (?:SUCCESS|FAILURE)/
def phases = []
def firstStamp = null
def lastStamp = null
lines.each { line ->
    def t = stamp(line)
    if (t == null) return
    if (firstStamp == null) firstStamp = t
    lastStamp = t
    def open = phases.find { it.to == null }
    if (open != null && (line =~ anyMojoStart || line =~ buildResult)) open.to = t
    def g = line =~ goalStart
    if (g.find()) phases << [goal: g.group(1), from: t, to: null]
}
phases.findAll { it.to == null }.each { it.to = lastStamp }
def goals = phases.collect { it.goal }
assert !goals.isEmpty() : 'no start line of a marketplace goal of execution publish-1-click in build.log'
assert goals.unique(false) == goals : "a goal ran twice: ${goals}"
def expected = ['build', 'validate', 'snapshot', 'test-image', 'release']
assert goals.findAll { it in expected } == expected : "expected the goals ${expected} in that order, found ${goals}"
def phase = { String goal -> phases.find { it.goal == goal } }
def within = { Map p, Instant t -> !t.isBefore(p.from) && t.isBefore(p.to) }

// ---------------------------------------------------------------- what the sandbox recorded
def requests = sandbox.requests()
def state = sandbox.state()
def options = sandbox.info().path('options')
def info = new Properties()
new File(sandboxInfoFile).withReader { info.load(it) }
def bootSeconds = (info.getProperty('dropletSsh.bootSeconds') ?: '0') as BigDecimal
def boot = Duration.ofMillis((bootSeconds * 1000) as long)
def exact = { node, String field ->
    def value = node.path(field)
    value.isNull() || value.isMissingNode() ? null : Instant.parse(value.asText())
}
def actions = state.path('actions').collect { it }.findAll { exact(it, 'startedAtExact') != null }
def images = state.path('images').collect { it }

phases.each { p ->
    p.requests = requests.findAll { within(p, Instant.parse(it.path('time').asText())) }
    p.byMethod = p.requests.countBy { it.path('method').asText() }
    p.mutating = p.requests.count { it.path('mutating').asBoolean() }
    // The remote side's own work: intervals on the sandbox's clock, each named for the table.
    p.work = []
    actions.findAll { within(p, exact(it, 'startedAtExact')) }.each { a ->
        def started = exact(a, 'startedAtExact')
        def completed = exact(a, 'completedAtExact')
        assert completed != null : "action ${a.path('id').asLong()} (${a.path('type').asText()}) never completed"
        p.work << [name: a.path('type').asText(), from: started, to: completed]
        if (a.path('type').asText() == 'create' && !boot.isZero()) {
            p.work << [name: 'boot', from: completed, to: completed.plus(boot)]
        }
        def image = images.find { it.path('actionId').asLong() == a.path('id').asLong() }
        def listed = image == null ? null : exact(image, 'listedFrom')
        if (listed != null && listed.isAfter(completed)) {
            p.work << [name: 'listing lag', from: completed, to: listed]
        }
    }
    // Their union, so that remote work running side by side counts once.
    def remote = Duration.ZERO
    def end = null
    p.work.sort { it.from }.each { w ->
        def from = end != null && end.isAfter(w.from) ? end : w.from
        if (w.to.isAfter(from)) {
            remote = remote.plus(Duration.between(from, w.to))
            end = w.to
        }
    }
    p.ours = Duration.between(p.from, p.to)
    p.remote = remote
}

// ---------------------------------------------------------------- structure: the table cannot be empty
def countIn = { Map p, String method, String glob ->
    sandbox.requests(method, glob).count { within(p, Instant.parse(it.path('time').asText())) }
}
['build', 'snapshot', 'release', 'test-image'].each { goal ->
    def p = phase(goal)
    assert p == null || p.requests.size() > 0 : "goal ${goal} made no request in its window ${p.from} .. ${p.to}"
}
assert countIn(phase('build'), 'POST', '/v2/droplets') == 1 : 'build: expected exactly one POST /v2/droplets'
assert phase('build').work.count { it.name == 'create' } == 1 : 'build: expected exactly one create action'
def snapshotPosts = sandbox.requests('POST', '/v2/droplets/*/actions')
        .findAll { it.path('body').asText().contains('"snapshot"') }
assert snapshotPosts.size() == 1 : "expected exactly one snapshot action request, got ${snapshotPosts.size()}"
assert within(phase('snapshot'), Instant.parse(snapshotPosts[0].path('time').asText()))
assert actions.count { it.path('type').asText() == 'snapshot' } == 1 : 'expected exactly one snapshot action'
assert phase('snapshot').work.count { it.name == 'snapshot' } == 1 : 'the snapshot action did not start in snapshot'
assert countIn(phase('release'), 'PATCH', '/api/v1/vendor-portal/apps/**') == 1 : 'release: expected one PATCH'
assert countIn(phase('test-image'), 'POST', '/v2/droplets') == 1 : 'test-image: expected exactly one POST /v2/droplets'
assert phase('test-image').work.count { it.name == 'create' } == 1 : 'test-image: expected exactly one create action'
def attributed = phases.sum { it.requests.size() }
assert attributed == requests.size() : "${requests.size() - attributed} request(s) outside every goal's window"
sandbox.assertNoIncidents()

// ---------------------------------------------------------------- the table
def methods = ['GET', 'POST', 'DELETE', 'PATCH']
def others = { Map byMethod -> byMethod.findAll { !(it.key in methods) }.values().sum(0) }
def ratio = { Duration ours, Duration remote ->
    remote.isZero() ? '-' : fmt('%.2fx', ours.toMillis() / (double) remote.toMillis())
}
def row = { String name, Duration ours, Duration remote, count, Map byMethod, mutating, String work ->
    fmt('  %-10s %8.2f s %8.2f s %8.2f s %7s %8d %5d %5d %6d %5d %5d %8d   %s%n',
            name, secs(ours), secs(remote), secs(ours.minus(remote)), ratio(ours, remote), count,
            *methods.collect { byMethod[it] ?: 0 }, others(byMethod), mutating, work)
}
def header = fmt('  %-10s %10s %10s %10s %7s %8s %5s %5s %6s %5s %5s %8s   %s%n',
        'phase', 'ours', 'remote', 'overhead', 'ratio', 'requests', *methods, 'other', 'mutating',
        'remote work (sandbox clock)')
def mavenTotal = lines.find { it.contains('Total time:') }?.replaceAll(/.*Total time:\s*/, '')?.trim()

def report = new StringBuilder()
report << '\nPipeline benchmark: mvn deploy of the example vendor project against the sandbox, from zero\n'
report << fmt('  %-38s %.2f s%n', 'wall time, first to last log line', secs(Duration.between(firstStamp, lastStamp)))
report << fmt('  %-38s %s%n', 'Maven total time', mavenTotal)
report << fmt('  %-38s create %s s, boot %s s, actions %s s, snapshot %s s, listing lag %s s%n', 'sandbox timings',
        options.path('createSeconds').asText(), bootSeconds, options.path('actionSeconds').asText(),
        options.path('snapshotSeconds').asText(), options.path('listingLagSeconds').asText())
report << '  ours: wall time in the goal; remote: the sandbox\'s own time for the work the goal waited on;\n'
report << '  overhead: ours - remote; ratio: ours / remote; mutating: POST, PUT, PATCH and DELETE requests\n\n'
report << header
phases.each { p ->
    def work = p.work.collect { "${it.name} ${fmt('%.2f', secs(Duration.between(it.from, it.to)))} s" }.join(', ')
    report << row(p.goal, p.ours, p.remote, p.requests.size(), p.byMethod, p.mutating, work ?: '-')
}
def totalOurs = phases.collect { it.ours }.inject(Duration.ZERO) { a, b -> a.plus(b) }
def totalRemote = phases.collect { it.remote }.inject(Duration.ZERO) { a, b -> a.plus(b) }
def totalByMethod = requests.countBy { it.path('method').asText() }
report << row('total', totalOurs, totalRemote, requests.size(), totalByMethod,
        requests.count { it.path('mutating').asBoolean() }, "${phases.size()} goals".toString())
println report
new File(basedir, 'benchmark.txt').text = report.toString()
return true

static double secs(Duration d) {
    d.toMillis() / 1000.0d
}

static String fmt(String pattern, Object... args) {
    String.format(Locale.ROOT, pattern, args)
}
