import io.github.oneclick.sandbox.it.SandboxAdmin
SandboxAdmin.connect(sandboxUrl, sandboxInfoFile).reset('demo')
// The user's own known_hosts must be left as it is.
def userKnownHosts = new File(System.getProperty('user.home'), '.ssh/known_hosts')
new File(basedir, 'user-known-hosts.before').text = userKnownHosts.isFile() ? userKnownHosts.text : '<absent>'
return true
