import groovy.json.JsonSlurper
import io.github.oneclick.sandbox.it.SandboxAdmin

def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
// Found by name although the plain droplet list leaves it out: the lookup asked for GPU droplets too.
assert sandbox.requests('GET', '/v2/droplets').any { it.path('query').asText().contains('type=gpus') }
def snapshots = sandbox.requests('POST', '/v2/droplets/*/actions').findAll { it.path('body').asText().contains('"snapshot"') }
assert snapshots.size() == 1
assert snapshots[0].path('path').asText() == '/v2/droplets/3164444/actions'
def snap = new JsonSlurper().parse(new File(basedir, 'target/marketplace/snapshot.json'))
assert snap.dropletId == 3164444
assert snap.name.startsWith('acme-gpu-inference-1.0.0-')
return true
