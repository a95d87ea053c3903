import io.github.oneclick.sandbox.it.SandboxAdmin

def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text
def requests = sandbox.requests()
def via = { it.path('headers').path('via').asText() == '1.1 loopback-proxy' }

// The dry run reached the sandbox directly (127.0.0.1 is a non-proxy host), the release only through the proxy.
assert log.contains('Reaching the API directly: its host is a non-proxy host of the settings.xml proxy \'corporate\'')
assert log.contains('Reaching the API through the settings.xml proxy \'corporate\' at 127.0.0.1:')
def direct = requests.takeWhile { !via(it) }
def proxied = requests.drop(direct.size())
assert direct.size() > 0 && direct.every { it.path('method').asText() == 'GET' }
assert proxied.size() > 0 && proxied.every(via) : 'after the first proxied request, every request went through the proxy'
def patches = proxied.findAll { it.path('method').asText() == 'PATCH' }
assert patches.size() == 1 : 'one listing update, sent once: the credentials went with it, no 407 round trip'
assert sandbox.app('60089fc6d333037bffa70d9b').at('/customData/imageId').asLong() == 140000002L
// The proxy kept the credentials to itself, and the log never shows the password.
assert requests.every { it.path('headers').path('proxy-authorization').isMissingNode() }
assert !log.contains('loopback-proxy-pw-8c2d')
return true
