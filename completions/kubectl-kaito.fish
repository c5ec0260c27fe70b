function __kubectl-kaito_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __kubectl-kaito_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __kubectl-kaito_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __kubectl-kaito_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __kubectl-kaito_parse_tokens -S
    set -l unparsed_tokens (__kubectl-kaito_tokens -pc)
    switch $unparsed_tokens[1]
    case 'kubectl-kaito'
        __kubectl-kaito_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'presets'
            __kubectl-kaito_parse_subcommand 0 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __kubectl-kaito_parse_subcommand 0 'o/output=' 'cloud=' 'runtime=' 'tunable' 'fits=' 'sort-by=' 'no-headers' 'color=' 'h/help'
            case 'show'
                __kubectl-kaito_parse_subcommand 1 'o/output=' 'cloud=' 'runtime=' 'max-model-len=' 'kaito-version=' 'measured' 'color=' 'kubeconfig=' 'context=' 'cluster=' 'user=' 'n/namespace=' 's/server=' 'insecure-skip-tls-verify' 'request-timeout=' 'v/v=' 'h/help'
            end
        case 'deploy'
            __kubectl-kaito_parse_subcommand 1 'image=' 'port=' 'gpus=' 'arg=+' 'env=+' 'name=' 'label=+' 'cloud=' 'instance-type=' 'runtime=' 'max-model-len=' 'hf-token-secret=' 'adapter=+' 'load-balancer' 'inference-config=' 'vllm-arg=+' 'replicas=' 'no-benchmark' 'dry-run=' 'wait' 'timeout=' 'field-manager=' 'kaito-version=' 'force' 'color=' 'kubeconfig=' 'context=' 'cluster=' 'user=' 'n/namespace=' 's/server=' 'insecure-skip-tls-verify' 'request-timeout=' 'v/v=' 'o/output=' 'y/yes' 'h/help'
        case 'run'
            __kubectl-kaito_parse_subcommand 2 'name=' 'instance-type=' 'y/yes' 'dry-run' 'timeout=' 'system=' 'temperature=' 'max-tokens=' 'o/output=' 'color=' 'kubeconfig=' 'context=' 'cluster=' 'user=' 'n/namespace=' 's/server=' 'insecure-skip-tls-verify' 'request-timeout=' 'v/v=' 'h/help'
        case 'status'
            __kubectl-kaito_parse_subcommand 1 'A/all-namespaces' 'l/selector=' 'w/watch' 'o/output=' 'no-headers' 'color=' 'kubeconfig=' 'context=' 'cluster=' 'user=' 'n/namespace=' 's/server=' 'insecure-skip-tls-verify' 'request-timeout=' 'v/v=' 'h/help'
        case 'scale'
            __kubectl-kaito_parse_subcommand 1 'replicas=' 'color=' 'kubeconfig=' 'context=' 'cluster=' 'user=' 'n/namespace=' 's/server=' 'insecure-skip-tls-verify' 'request-timeout=' 'v/v=' 'h/help'
        case 'chat'
            __kubectl-kaito_parse_subcommand 1 'prompt=' 'model=' 'system=' 'temperature=' 'max-tokens=' 'top-p=' 'no-stream' 'completions' 'timeout=' 'via=' 'o/output=' 'color=' 'kubeconfig=' 'context=' 'cluster=' 'user=' 'n/namespace=' 's/server=' 'insecure-skip-tls-verify' 'request-timeout=' 'v/v=' 'h/help'
        case 'bench'
            __kubectl-kaito_parse_subcommand 1 'concurrency=' 'requests=' 'duration=' 'input-tokens=' 'output-tokens=' 'via=' 'url=' 'o/output=' 'color=' 'kubeconfig=' 'context=' 'cluster=' 'user=' 'n/namespace=' 's/server=' 'insecure-skip-tls-verify' 'request-timeout=' 'v/v=' 'h/help'
        case 'port-forward'
            __kubectl-kaito_parse_subcommand 2 'color=' 'kubeconfig=' 'context=' 'cluster=' 'user=' 'n/namespace=' 's/server=' 'insecure-skip-tls-verify' 'request-timeout=' 'v/v=' 'h/help'
        case 'tune'
            __kubectl-kaito_parse_subcommand 1 'preset=' 'method=' 'input-url=+' 'input-image=' 'input-pull-secret=+' 'input-pvc=' 'output-image=' 'output-push-secret=' 'output-pvc=' 'config=' 'config-file=' 'instance-type=' 'label=+' 'cloud=' 'dry-run=' 'o/output=' 'wait' 'timeout=' 'field-manager=' 'color=' 'kubeconfig=' 'context=' 'cluster=' 'user=' 'n/namespace=' 's/server=' 'insecure-skip-tls-verify' 'request-timeout=' 'v/v=' 'h/help'
        case 'delete'
            __kubectl-kaito_parse_subcommand 1 'wait' 'timeout=' 'y/yes' 'ignore-not-found' 'color=' 'kubeconfig=' 'context=' 'cluster=' 'user=' 'n/namespace=' 's/server=' 'insecure-skip-tls-verify' 'request-timeout=' 'v/v=' 'h/help'
        case 'version'
            __kubectl-kaito_parse_subcommand 0 'client' 'o/output=' 'color=' 'kubeconfig=' 'context=' 'cluster=' 'user=' 'n/namespace=' 's/server=' 'insecure-skip-tls-verify' 'request-timeout=' 'v/v=' 'h/help'
        case 'completion'
            __kubectl-kaito_parse_subcommand 1 'h/help'
        case 'help'
            __kubectl-kaito_parse_subcommand -r 1 
        end
    end
end

function __kubectl-kaito_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __kubectl-kaito_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __kubectl-kaito_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __kubectl-kaito_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__kubectl-kaito_tokens -p)
    if test -z "$(__kubectl-kaito_tokens -t)"
        set -l index (count (__kubectl-kaito_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'kubectl-kaito' -f
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito" version' -l 'version' -d 'Show the version.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_positional "kubectl-kaito" -eq 1' -fa 'presets' -d 'The KAITO preset catalog: every model, what it needs and where it fits.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_positional "kubectl-kaito" -eq 1' -fa 'deploy' -d 'Build a Workspace for a model, after checking that the instance type can hold it.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_positional "kubectl-kaito" -eq 1' -fa 'run' -d 'Talk to a model: the workspace that serves it, deployed and waited for when there is none.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_positional "kubectl-kaito" -eq 1' -fa 'status' -d 'Show workspaces, and for one workspace why it is or is not ready.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_positional "kubectl-kaito" -eq 1' -fa 'scale' -d 'Change how many replicas an InferenceSet has, and say how many GPU nodes that adds or releases.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_positional "kubectl-kaito" -eq 1' -fa 'chat' -d 'Talk to a workspace\'s model, through a port-forward this command opens itself.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_positional "kubectl-kaito" -eq 1' -fa 'bench' -d 'Load-test a model\'s endpoint: latency and throughput at each level of concurrency.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_positional "kubectl-kaito" -eq 1' -fa 'port-forward' -d 'Expose a workspace\'s model on 127.0.0.1 for any OpenAI client.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_positional "kubectl-kaito" -eq 1' -fa 'tune' -d 'Fine-tune a preset with LoRA or QLoRA on your data; the adapter can then be served with deploy --adapter.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_positional "kubectl-kaito" -eq 1' -fa 'delete' -d 'Delete a workspace; --wait follows its finalizer until the GPU nodes are released.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_positional "kubectl-kaito" -eq 1' -fa 'version' -d 'Print the version of kubectl-kaito, of what it is built on, and of the cluster\'s KAITO.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_positional "kubectl-kaito" -eq 1' -fa 'completion' -d 'Print the shell completion script for bash, zsh or fish.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_positional "kubectl-kaito" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito presets" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_positional "kubectl-kaito presets" -eq 1' -fa 'list' -d 'List the presets, with the instance type that suits each best.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_positional "kubectl-kaito presets" -eq 1' -fa 'show' -d 'Everything known about one model, and how many nodes it needs on each instance type.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito presets list" o output' -s 'o' -l 'output' -d 'Output format.' -rfka 'table wide json yaml name'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito presets list" cloud' -l 'cloud' -d 'Cloud whose instance types are considered (default: azure, or that of --fits).' -rfka 'azure aws arc'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito presets list" runtime' -l 'runtime' -d 'Only models that can run on this runtime.' -rfka 'vllm transformers'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito presets list" tunable' -l 'tunable' -d 'Only models that can be fine-tuned (kubectl kaito tune).'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito presets list" fits' -l 'fits' -d 'Only models that fit one node of this instance type.' -rfka '(__kubectl-kaito_custom_completion ---completion presets list -- --fits (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito presets list" sort-by' -l 'sort-by' -d 'Sort by a field as -o json prints it, in kubectl\'s JSONPath style (.weightsBytes, {.recommended.nodes}).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito presets list" no-headers' -l 'no-headers' -d 'Print tables without the header row.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito presets list" color' -l 'color' -d 'When to colour: auto colours a terminal, unless NO_COLOR is set or TERM is dumb.' -rfka 'auto always never'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito presets list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_positional "kubectl-kaito presets show" -eq 1' -fka '(__kubectl-kaito_custom_completion ---completion presets show -- positional@0 (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito presets show" o output' -s 'o' -l 'output' -d 'Output format.' -rfka 'table wide json yaml'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito presets show" cloud' -l 'cloud' -d 'Cloud whose instance types are listed.' -rfka 'azure aws arc'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito presets show" runtime' -l 'runtime' -d 'Runtime to size for.' -rfka 'vllm transformers'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito presets show" max-model-len' -l 'max-model-len' -d 'Context length to size the KV cache for (default 2048, as KAITO\'s estimator).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito presets show" kaito-version' -l 'kaito-version' -d 'Size with this KAITO release\'s node estimator (default: the embedded catalog\'s).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito presets show" measured' -l 'measured' -d 'Also read this cluster\'s workspaces of the model: the peak tokens per minute KAITO\'s benchmark measured on each instance type.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito presets show" color' -l 'color' -d 'When to colour: auto colours a terminal, unless NO_COLOR is set or TERM is dumb.' -rfka 'auto always never'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito presets show" kubeconfig' -l 'kubeconfig' -d 'Path to the kubeconfig file to use (that file only).' -rF
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito presets show" context' -l 'context' -d 'The kubeconfig context to use.' -rfka '(__kubectl-kaito_custom_completion ---completion presets show -- --context (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito presets show" cluster' -l 'cluster' -d 'The kubeconfig cluster to use.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito presets show" user' -l 'user' -d 'The kubeconfig user to use.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito presets show" n namespace' -s 'n' -l 'namespace' -d 'The namespace (default: the context\'s, else default).' -rfka '(__kubectl-kaito_custom_completion ---completion presets show -- --namespace (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito presets show" s server' -s 's' -l 'server' -d 'The address of the API server (overrides the kubeconfig\'s).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito presets show" insecure-skip-tls-verify' -l 'insecure-skip-tls-verify' -d 'Do not verify the server\'s certificate (insecure).'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito presets show" request-timeout' -l 'request-timeout' -d 'How long to wait for one request (a duration like 30s; 0, the default, means no limit).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito presets show" v v' -s 'v' -l 'v' -d 'Log level: 6 logs each request, 8 also headers and bodies (secrets masked). Default 0.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito presets show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_positional "kubectl-kaito deploy" -eq 1' -fka '(__kubectl-kaito_custom_completion ---completion deploy -- positional@0 (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" image' -l 'image' -d 'Serve your own image in a pod template instead of a preset (a model KAITO has no preset for).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" port' -l 'port' -d 'The port the image\'s server listens on (KAITO\'s Service sends to 5000).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" gpus' -l 'gpus' -d 'GPUs the image\'s container requests. Default: all of the node\'s.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy"' -l 'arg' -d 'An argument for the image\'s container, repeatable.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy"' -l 'env' -d 'An environment variable for the image\'s container, repeatable.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" name' -l 'name' -d 'Workspace name (a DNS-1123 label). Default: workspace-<model>.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy"' -l 'label' -d 'Node label for the label selector, repeatable. Default: apps=<name>.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" cloud' -l 'cloud' -d 'Cloud of the instance type (default: the cluster\'s where it can be read, else azure).' -rfka 'azure aws arc'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" instance-type' -l 'instance-type' -d 'GPU instance type. Default: the cloud\'s instance type with the fewest nodes, then the least GPU memory.' -rfka '(__kubectl-kaito_custom_completion ---completion deploy -- --instance-type (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" runtime' -l 'runtime' -d 'Inference runtime.' -rfka 'vllm transformers'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" max-model-len' -l 'max-model-len' -d 'vLLM context length, written to an inference ConfigMap; it also sizes the node estimate.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" hf-token-secret' -l 'hf-token-secret' -d 'Secret in the namespace holding the Hugging Face token under the key HF_TOKEN (gated models).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy"' -l 'adapter' -d 'A LoRA adapter to serve, repeatable (at most 10): NAME=IMAGE[,pull-secret=S][,strength=F] or NAME=pvc:CLAIM. strength needs --runtime transformers.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" load-balancer' -l 'load-balancer' -d 'Expose the model through a LoadBalancer Service (public IP, no authentication: testing only).'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" inference-config' -l 'inference-config' -d 'vLLM\'s settings: an inference_config.yaml file (a vllm: map of flags without --), or configmap/NAME for an existing ConfigMap.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy"' -l 'vllm-arg' -d 'One vLLM flag without --, repeatable (e.g. max-num-seqs=64).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" replicas' -l 'replicas' -d 'Write an InferenceSet of N replicas instead of a Workspace (0 serves nothing until scaled up).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" no-benchmark' -l 'no-benchmark' -d 'Skip KAITO\'s post-load benchmark (kaito.sh/disable-benchmark), which delays readiness by minutes.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" dry-run' -l 'dry-run' -d 'Only print what would be applied: with client nothing is sent; with server the cluster checks it and stores nothing.' -rfka 'none client server'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" wait' -l 'wait' -d 'Wait until the workspace serves, showing its progress.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" timeout' -l 'timeout' -d 'How long --wait waits (a duration like 45m). Default: KAITO\'s startup budget for the model.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" field-manager' -l 'field-manager' -d 'The field manager for server-side apply (default kubectl-kaito).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" kaito-version' -l 'kaito-version' -d 'Size with this KAITO release\'s node estimator. Default: the cluster\'s KAITO where it can be read, else the embedded catalog\'s.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" force' -l 'force' -d 'Delete and recreate a workspace that exists with a different spec (after confirmation).'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" color' -l 'color' -d 'When to colour: auto colours a terminal, unless NO_COLOR is set or TERM is dumb.' -rfka 'auto always never'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" kubeconfig' -l 'kubeconfig' -d 'Path to the kubeconfig file to use (that file only).' -rF
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" context' -l 'context' -d 'The kubeconfig context to use.' -rfka '(__kubectl-kaito_custom_completion ---completion deploy -- --context (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" cluster' -l 'cluster' -d 'The kubeconfig cluster to use.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" user' -l 'user' -d 'The kubeconfig user to use.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" n namespace' -s 'n' -l 'namespace' -d 'The namespace (default: the context\'s, else default).' -rfka '(__kubectl-kaito_custom_completion ---completion deploy -- --namespace (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" s server' -s 's' -l 'server' -d 'The address of the API server (overrides the kubeconfig\'s).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" insecure-skip-tls-verify' -l 'insecure-skip-tls-verify' -d 'Do not verify the server\'s certificate (insecure).'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" request-timeout' -l 'request-timeout' -d 'How long to wait for one request (a duration like 30s; 0, the default, means no limit).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" v v' -s 'v' -l 'v' -d 'Log level: 6 logs each request, 8 also headers and bodies (secrets masked). Default 0.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" o output' -s 'o' -l 'output' -d 'Output format.' -rfka 'yaml json name'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" y yes' -s 'y' -l 'yes' -d 'Accept provisioning more than one GPU node without asking.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito deploy" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_positional "kubectl-kaito run" -eq 1' -fka '(__kubectl-kaito_custom_completion ---completion run -- positional@0 (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito run" name' -l 'name' -d 'Name of the workspace to deploy when none serves MODEL. Default: workspace-<model>.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito run" instance-type' -l 'instance-type' -d 'GPU instance type of a new workspace. Default: the one with the fewest nodes, then the least GPU memory.' -rfka '(__kubectl-kaito_custom_completion ---completion run -- --instance-type (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito run" y yes' -s 'y' -l 'yes' -d 'Provision GPU nodes for a new workspace without asking.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito run" dry-run' -l 'dry-run' -d 'Say what would be deployed and chat with nothing; nothing is written.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito run" timeout' -l 'timeout' -d 'How long to wait for the workspace to serve (a duration like 45m). Default: KAITO\'s startup budget.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito run" system' -l 'system' -d 'A system message that starts the conversation.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito run" temperature' -l 'temperature' -d 'Sampling temperature, 0 to 2.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito run" max-tokens' -l 'max-tokens' -d 'The most tokens an answer may have.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito run" o output' -s 'o' -l 'output' -d 'Output of a one-shot answer.' -rfka 'text json'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito run" color' -l 'color' -d 'When to colour: auto colours a terminal, unless NO_COLOR is set or TERM is dumb.' -rfka 'auto always never'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito run" kubeconfig' -l 'kubeconfig' -d 'Path to the kubeconfig file to use (that file only).' -rF
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito run" context' -l 'context' -d 'The kubeconfig context to use.' -rfka '(__kubectl-kaito_custom_completion ---completion run -- --context (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito run" cluster' -l 'cluster' -d 'The kubeconfig cluster to use.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito run" user' -l 'user' -d 'The kubeconfig user to use.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito run" n namespace' -s 'n' -l 'namespace' -d 'The namespace (default: the context\'s, else default).' -rfka '(__kubectl-kaito_custom_completion ---completion run -- --namespace (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito run" s server' -s 's' -l 'server' -d 'The address of the API server (overrides the kubeconfig\'s).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito run" insecure-skip-tls-verify' -l 'insecure-skip-tls-verify' -d 'Do not verify the server\'s certificate (insecure).'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito run" request-timeout' -l 'request-timeout' -d 'How long to wait for one request (a duration like 30s; 0, the default, means no limit).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito run" v v' -s 'v' -l 'v' -d 'Log level: 6 logs each request, 8 also headers and bodies (secrets masked). Default 0.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito run" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_positional "kubectl-kaito status" -eq 1' -fka '(__kubectl-kaito_custom_completion ---completion status -- positional@0 (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito status" A all-namespaces' -s 'A' -l 'all-namespaces' -d 'List workspaces of every namespace.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito status" l selector' -s 'l' -l 'selector' -d 'Only workspaces with these labels (key=value,…).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito status" w watch' -l 'watch' -s 'w' -d 'After listing, print a row for every change.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito status" o output' -s 'o' -l 'output' -d 'Output format.' -rfka 'table wide json yaml name'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito status" no-headers' -l 'no-headers' -d 'Print tables without the header row.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito status" color' -l 'color' -d 'When to colour: auto colours a terminal, unless NO_COLOR is set or TERM is dumb.' -rfka 'auto always never'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito status" kubeconfig' -l 'kubeconfig' -d 'Path to the kubeconfig file to use (that file only).' -rF
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito status" context' -l 'context' -d 'The kubeconfig context to use.' -rfka '(__kubectl-kaito_custom_completion ---completion status -- --context (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito status" cluster' -l 'cluster' -d 'The kubeconfig cluster to use.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito status" user' -l 'user' -d 'The kubeconfig user to use.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito status" n namespace' -s 'n' -l 'namespace' -d 'The namespace (default: the context\'s, else default).' -rfka '(__kubectl-kaito_custom_completion ---completion status -- --namespace (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito status" s server' -s 's' -l 'server' -d 'The address of the API server (overrides the kubeconfig\'s).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito status" insecure-skip-tls-verify' -l 'insecure-skip-tls-verify' -d 'Do not verify the server\'s certificate (insecure).'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito status" request-timeout' -l 'request-timeout' -d 'How long to wait for one request (a duration like 30s; 0, the default, means no limit).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito status" v v' -s 'v' -l 'v' -d 'Log level: 6 logs each request, 8 also headers and bodies (secrets masked). Default 0.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_positional "kubectl-kaito scale" -eq 1' -fka '(__kubectl-kaito_custom_completion ---completion scale -- positional@0 (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito scale" replicas' -l 'replicas' -d 'The replicas it should have, 0 or more.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito scale" color' -l 'color' -d 'When to colour: auto colours a terminal, unless NO_COLOR is set or TERM is dumb.' -rfka 'auto always never'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito scale" kubeconfig' -l 'kubeconfig' -d 'Path to the kubeconfig file to use (that file only).' -rF
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito scale" context' -l 'context' -d 'The kubeconfig context to use.' -rfka '(__kubectl-kaito_custom_completion ---completion scale -- --context (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito scale" cluster' -l 'cluster' -d 'The kubeconfig cluster to use.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito scale" user' -l 'user' -d 'The kubeconfig user to use.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito scale" n namespace' -s 'n' -l 'namespace' -d 'The namespace (default: the context\'s, else default).' -rfka '(__kubectl-kaito_custom_completion ---completion scale -- --namespace (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito scale" s server' -s 's' -l 'server' -d 'The address of the API server (overrides the kubeconfig\'s).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito scale" insecure-skip-tls-verify' -l 'insecure-skip-tls-verify' -d 'Do not verify the server\'s certificate (insecure).'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito scale" request-timeout' -l 'request-timeout' -d 'How long to wait for one request (a duration like 30s; 0, the default, means no limit).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito scale" v v' -s 'v' -l 'v' -d 'Log level: 6 logs each request, 8 also headers and bodies (secrets masked). Default 0.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito scale" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_positional "kubectl-kaito chat" -eq 1' -fka '(__kubectl-kaito_custom_completion ---completion chat -- positional@0 (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito chat" prompt' -l 'prompt' -d 'One message to send; without it (and without piped input) the session is interactive.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito chat" model' -l 'model' -d 'The model or LoRA adapter to talk to (default: the served base model).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito chat" system' -l 'system' -d 'A system message that starts the conversation.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito chat" temperature' -l 'temperature' -d 'Sampling temperature, 0 to 2.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito chat" max-tokens' -l 'max-tokens' -d 'The most tokens an answer may have.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito chat" top-p' -l 'top-p' -d 'Nucleus sampling: the probability mass to sample from, above 0 and at most 1.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito chat" no-stream' -l 'no-stream' -d 'Ask for the whole answer at once instead of streaming it.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito chat" completions' -l 'completions' -d 'Complete text with /v1/completions instead of chatting.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito chat" timeout' -l 'timeout' -d 'How long one answer may take in all (a duration like 2m); default: no limit.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito chat" via' -l 'via' -d 'How to reach the model: proxy goes through the API server\'s service proxy.' -rfka 'port-forward proxy'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito chat" o output' -s 'o' -l 'output' -d 'Output of a one-shot answer.' -rfka 'text json'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito chat" color' -l 'color' -d 'When to colour: auto colours a terminal, unless NO_COLOR is set or TERM is dumb.' -rfka 'auto always never'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito chat" kubeconfig' -l 'kubeconfig' -d 'Path to the kubeconfig file to use (that file only).' -rF
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito chat" context' -l 'context' -d 'The kubeconfig context to use.' -rfka '(__kubectl-kaito_custom_completion ---completion chat -- --context (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito chat" cluster' -l 'cluster' -d 'The kubeconfig cluster to use.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito chat" user' -l 'user' -d 'The kubeconfig user to use.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito chat" n namespace' -s 'n' -l 'namespace' -d 'The namespace (default: the context\'s, else default).' -rfka '(__kubectl-kaito_custom_completion ---completion chat -- --namespace (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito chat" s server' -s 's' -l 'server' -d 'The address of the API server (overrides the kubeconfig\'s).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito chat" insecure-skip-tls-verify' -l 'insecure-skip-tls-verify' -d 'Do not verify the server\'s certificate (insecure).'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito chat" request-timeout' -l 'request-timeout' -d 'How long to wait for one request (a duration like 30s; 0, the default, means no limit).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito chat" v v' -s 'v' -l 'v' -d 'Log level: 6 logs each request, 8 also headers and bodies (secrets masked). Default 0.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito chat" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_positional "kubectl-kaito bench" -eq 1' -fka '(__kubectl-kaito_custom_completion ---completion bench -- positional@0 (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito bench" concurrency' -l 'concurrency' -d 'Levels of concurrency, in order (default 1,2,4,8,16).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito bench" requests' -l 'requests' -d 'Requests per level (default: 4 per worker, at least 8).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito bench" duration' -l 'duration' -d 'How long each level runs (a duration like 30s), instead of --requests.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito bench" input-tokens' -l 'input-tokens' -d 'About how many tokens each prompt has.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito bench" output-tokens' -l 'output-tokens' -d 'How many tokens each answer generates.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito bench" via' -l 'via' -d 'How to reach the model: proxy goes through the API server\'s service proxy.' -rfka 'port-forward proxy'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito bench" url' -l 'url' -d 'Measure this OpenAI-compatible endpoint instead of a workspace (a gateway, a port-forward of your own).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito bench" o output' -s 'o' -l 'output' -d 'Output format.' -rfka 'text json'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito bench" color' -l 'color' -d 'When to colour: auto colours a terminal, unless NO_COLOR is set or TERM is dumb.' -rfka 'auto always never'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito bench" kubeconfig' -l 'kubeconfig' -d 'Path to the kubeconfig file to use (that file only).' -rF
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito bench" context' -l 'context' -d 'The kubeconfig context to use.' -rfka '(__kubectl-kaito_custom_completion ---completion bench -- --context (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito bench" cluster' -l 'cluster' -d 'The kubeconfig cluster to use.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito bench" user' -l 'user' -d 'The kubeconfig user to use.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito bench" n namespace' -s 'n' -l 'namespace' -d 'The namespace (default: the context\'s, else default).' -rfka '(__kubectl-kaito_custom_completion ---completion bench -- --namespace (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito bench" s server' -s 's' -l 'server' -d 'The address of the API server (overrides the kubeconfig\'s).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito bench" insecure-skip-tls-verify' -l 'insecure-skip-tls-verify' -d 'Do not verify the server\'s certificate (insecure).'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito bench" request-timeout' -l 'request-timeout' -d 'How long to wait for one request (a duration like 30s; 0, the default, means no limit).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito bench" v v' -s 'v' -l 'v' -d 'Log level: 6 logs each request, 8 also headers and bodies (secrets masked). Default 0.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito bench" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_positional "kubectl-kaito port-forward" -eq 1' -fka '(__kubectl-kaito_custom_completion ---completion port-forward -- positional@0 (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito port-forward" color' -l 'color' -d 'When to colour: auto colours a terminal, unless NO_COLOR is set or TERM is dumb.' -rfka 'auto always never'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito port-forward" kubeconfig' -l 'kubeconfig' -d 'Path to the kubeconfig file to use (that file only).' -rF
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito port-forward" context' -l 'context' -d 'The kubeconfig context to use.' -rfka '(__kubectl-kaito_custom_completion ---completion port-forward -- --context (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito port-forward" cluster' -l 'cluster' -d 'The kubeconfig cluster to use.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito port-forward" user' -l 'user' -d 'The kubeconfig user to use.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito port-forward" n namespace' -s 'n' -l 'namespace' -d 'The namespace (default: the context\'s, else default).' -rfka '(__kubectl-kaito_custom_completion ---completion port-forward -- --namespace (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito port-forward" s server' -s 's' -l 'server' -d 'The address of the API server (overrides the kubeconfig\'s).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito port-forward" insecure-skip-tls-verify' -l 'insecure-skip-tls-verify' -d 'Do not verify the server\'s certificate (insecure).'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito port-forward" request-timeout' -l 'request-timeout' -d 'How long to wait for one request (a duration like 30s; 0, the default, means no limit).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito port-forward" v v' -s 'v' -l 'v' -d 'Log level: 6 logs each request, 8 also headers and bodies (secrets masked). Default 0.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito port-forward" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito tune" preset' -l 'preset' -d 'The preset to tune (one of kubectl kaito presets --tunable).' -rfka '(__kubectl-kaito_custom_completion ---completion tune -- --preset (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito tune" method' -l 'method' -d 'The tuning method: lora, or qlora (4-bit weights, less GPU memory).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito tune"' -l 'input-url' -d 'A URL of training data, repeatable (http or https).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito tune" input-image' -l 'input-image' -d 'An image whose /data holds the training data.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito tune"' -l 'input-pull-secret' -d 'A Secret to pull --input-image, repeatable.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito tune" input-pvc' -l 'input-pvc' -d 'A PersistentVolumeClaim holding the training data.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito tune" output-image' -l 'output-image' -d 'The image to push the adapter to.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito tune" output-push-secret' -l 'output-push-secret' -d 'A docker-registry Secret that can push --output-image.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito tune" output-pvc' -l 'output-pvc' -d 'A PersistentVolumeClaim to write the adapter to.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito tune" config' -l 'config' -d 'An existing ConfigMap with training_config.yaml.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito tune" config-file' -l 'config-file' -d 'A training configuration file (training_config: …), applied as a ConfigMap.' -rF
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito tune" instance-type' -l 'instance-type' -d 'GPU instance type. Default: the cloud\'s smallest that holds the tuning job.' -rfka '(__kubectl-kaito_custom_completion ---completion tune -- --instance-type (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito tune"' -l 'label' -d 'Node label for the label selector, repeatable. Default: apps=<name>.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito tune" cloud' -l 'cloud' -d 'Cloud of the instance type (default: the cluster\'s where it can be read, else azure).' -rfka 'azure aws arc'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito tune" dry-run' -l 'dry-run' -d 'Only print what would be applied: with client nothing is sent; with server the cluster checks it and stores nothing.' -rfka 'none client server'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito tune" o output' -s 'o' -l 'output' -d 'Output format.' -rfka 'yaml json name'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito tune" wait' -l 'wait' -d 'Wait until the tuning job has finished, showing its progress.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito tune" timeout' -l 'timeout' -d 'How long --wait waits (default 24h).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito tune" field-manager' -l 'field-manager' -d 'The field manager for server-side apply (default kubectl-kaito).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito tune" color' -l 'color' -d 'When to colour: auto colours a terminal, unless NO_COLOR is set or TERM is dumb.' -rfka 'auto always never'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito tune" kubeconfig' -l 'kubeconfig' -d 'Path to the kubeconfig file to use (that file only).' -rF
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito tune" context' -l 'context' -d 'The kubeconfig context to use.' -rfka '(__kubectl-kaito_custom_completion ---completion tune -- --context (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito tune" cluster' -l 'cluster' -d 'The kubeconfig cluster to use.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito tune" user' -l 'user' -d 'The kubeconfig user to use.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito tune" n namespace' -s 'n' -l 'namespace' -d 'The namespace (default: the context\'s, else default).' -rfka '(__kubectl-kaito_custom_completion ---completion tune -- --namespace (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito tune" s server' -s 's' -l 'server' -d 'The address of the API server (overrides the kubeconfig\'s).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito tune" insecure-skip-tls-verify' -l 'insecure-skip-tls-verify' -d 'Do not verify the server\'s certificate (insecure).'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito tune" request-timeout' -l 'request-timeout' -d 'How long to wait for one request (a duration like 30s; 0, the default, means no limit).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito tune" v v' -s 'v' -l 'v' -d 'Log level: 6 logs each request, 8 also headers and bodies (secrets masked). Default 0.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito tune" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_positional "kubectl-kaito delete" -eq 1' -fka '(__kubectl-kaito_custom_completion ---completion delete -- positional@0 (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito delete" wait' -l 'wait' -d 'Wait until the workspace and its GPU nodes are gone.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito delete" timeout' -l 'timeout' -d 'How long --wait waits (default 10m).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito delete" y yes' -s 'y' -l 'yes' -d 'Do not ask for confirmation.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito delete" ignore-not-found' -l 'ignore-not-found' -d 'Succeed quietly when the workspace does not exist.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito delete" color' -l 'color' -d 'When to colour: auto colours a terminal, unless NO_COLOR is set or TERM is dumb.' -rfka 'auto always never'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito delete" kubeconfig' -l 'kubeconfig' -d 'Path to the kubeconfig file to use (that file only).' -rF
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito delete" context' -l 'context' -d 'The kubeconfig context to use.' -rfka '(__kubectl-kaito_custom_completion ---completion delete -- --context (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito delete" cluster' -l 'cluster' -d 'The kubeconfig cluster to use.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito delete" user' -l 'user' -d 'The kubeconfig user to use.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito delete" n namespace' -s 'n' -l 'namespace' -d 'The namespace (default: the context\'s, else default).' -rfka '(__kubectl-kaito_custom_completion ---completion delete -- --namespace (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito delete" s server' -s 's' -l 'server' -d 'The address of the API server (overrides the kubeconfig\'s).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito delete" insecure-skip-tls-verify' -l 'insecure-skip-tls-verify' -d 'Do not verify the server\'s certificate (insecure).'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito delete" request-timeout' -l 'request-timeout' -d 'How long to wait for one request (a duration like 30s; 0, the default, means no limit).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito delete" v v' -s 'v' -l 'v' -d 'Log level: 6 logs each request, 8 also headers and bodies (secrets masked). Default 0.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito delete" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito version" client' -l 'client' -d 'Only this binary\'s versions; do not ask the cluster.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito version" o output' -s 'o' -l 'output' -d 'Output format.' -rfka 'text json yaml'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito version" color' -l 'color' -d 'When to colour: auto colours a terminal, unless NO_COLOR is set or TERM is dumb.' -rfka 'auto always never'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito version" kubeconfig' -l 'kubeconfig' -d 'Path to the kubeconfig file to use (that file only).' -rF
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito version" context' -l 'context' -d 'The kubeconfig context to use.' -rfka '(__kubectl-kaito_custom_completion ---completion version -- --context (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito version" cluster' -l 'cluster' -d 'The kubeconfig cluster to use.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito version" user' -l 'user' -d 'The kubeconfig user to use.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito version" n namespace' -s 'n' -l 'namespace' -d 'The namespace (default: the context\'s, else default).' -rfka '(__kubectl-kaito_custom_completion ---completion version -- --namespace (count (__kubectl-kaito_tokens -pc)) (__kubectl-kaito_tokens -tC))'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito version" s server' -s 's' -l 'server' -d 'The address of the API server (overrides the kubeconfig\'s).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito version" insecure-skip-tls-verify' -l 'insecure-skip-tls-verify' -d 'Do not verify the server\'s certificate (insecure).'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito version" request-timeout' -l 'request-timeout' -d 'How long to wait for one request (a duration like 30s; 0, the default, means no limit).' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito version" v v' -s 'v' -l 'v' -d 'Log level: 6 logs each request, 8 also headers and bodies (secrets masked). Default 0.' -rfka ''
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito version" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_positional "kubectl-kaito completion" -eq 1' -fka 'bash zsh fish'
complete -c 'kubectl-kaito' -n '__kubectl-kaito_should_offer_completions_for_flags_or_options "kubectl-kaito completion" h help' -s 'h' -l 'help' -d 'Show help information.'