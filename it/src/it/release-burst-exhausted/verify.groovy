import io.github.oneclick.sandbox.it.SandboxAdmin

def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
// Held back for the per-minute window (at most a minute), not for the hourly reset, and never refused with a 429.
def hold = (log =~ /Rate limit: holding \S+ \S+ back for (\d+(?:\.\d+)?) s \(the per-minute window\)/)
assert hold.find()
assert Double.parseDouble(hold.group(1)) <= 60
assert !log.contains('hourly limit')
assert sandbox.requests().every { it.path('status').asInt() != 429 }
assert sandbox.requests('PATCH', '/api/v1/vendor-portal/apps/*').size() == 1
return true
