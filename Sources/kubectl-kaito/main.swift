import KaitoCommands

// Everything lives in KaitoCommands, so that the tests can run each command in-process.
KubectlKaito.main()
