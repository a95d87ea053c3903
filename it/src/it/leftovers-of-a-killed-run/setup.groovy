import io.github.oneclick.sandbox.it.SandboxAdmin

// A run killed in 2020 left its build droplet and its SSH key; the vendor also has a production droplet and a key of
// their own, which no run made.
def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile).reset('empty')
sandbox.addDroplet('{"team":"acme","name":"acme-build","tags":["oneclick-marketplace","oneclick-run:20200101t000000z-abcdef"]}')
sandbox.addDroplet('{"team":"acme","name":"acme-production","tags":["web"]}')
sandbox.addKey('acme', 'oneclick-marketplace-20200101t000000z-abcdef',
        'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPn73VMRrP/UePMlOznrBqQ2PxiOH3eFbUqAQemHx7hC build@ci')
sandbox.addKey('acme', 'laptop',
        'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINzjBH9xAu3yCsefYPN+XrB8DOFtdh2aB3ZXtWmCsdLG other@ci')
return true
