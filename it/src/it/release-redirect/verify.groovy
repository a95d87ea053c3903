import io.github.oneclick.sandbox.it.SandboxAdmin
def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text
assert log.contains('failed with 307')
assert log.contains('which the client never follows')
assert log.contains('It was not applied.')
assert sandbox.requests('PATCH', '/api/v1/vendor-portal/**').size() == 1 : 'the redirect is not followed'
assert sandbox.requests('*', '/api/v1/vendor-portal/elsewhere').isEmpty()
assert sandbox.app('60089fc6d333037bffa70d9b').path('customData').path('imageId').asLong() == 140000003L
return true
