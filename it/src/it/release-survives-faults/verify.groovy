import io.github.oneclick.sandbox.it.SandboxAdmin
def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text
assert log.contains('Released image 140000002')
def patches = sandbox.requests('PATCH', '/api/v1/vendor-portal/apps/**')
// Two refused with 429 (never processed), then one applied: the listing was updated exactly once.
assert patches.size() == 3
assert patches.findAll { it.path('applied').asBoolean() }.size() == 1
assert sandbox.app('60089fc6d333037bffa70d9b').path('customData').path('imageId').asLong() == 140000002L
return true
