import io.github.oneclick.sandbox.it.SandboxAdmin
def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text
assert log.contains('Would send PATCH /api/v1/vendor-portal/apps/60089fc6d333037bffa70d9b')
assert log.contains('{"imageId":140000002,')
assert sandbox.mutatingCount() == 0
assert sandbox.requests('GET', '/v2/images/140000002').size() == 1
assert sandbox.app('60089fc6d333037bffa70d9b').path('status').path('value').asText() == 'approved'
return true
