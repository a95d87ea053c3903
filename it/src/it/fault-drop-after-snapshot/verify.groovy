import groovy.json.JsonSlurper
import io.github.oneclick.sandbox.it.SandboxAdmin

// The fault was survived: one snapshot made, one listing update applied, pointing at it.
def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def snap = new JsonSlurper().parse(new File(basedir, 'target/marketplace/snapshot.json'))
sandbox.assertOneSnapshotAndOneReleaseOf('60089fc6d333037bffa70d9b', snap.imageId as long)
return true
