#!/bin/bash

__kubectl-kaito_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__kubectl-kaito_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__kubectl-kaito_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__kubectl-kaito_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_kubectl-kaito() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(--version -h --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __kubectl-kaito_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    presets|deploy|run|status|scale|chat|bench|port-forward|tune|delete|version|completion|help)
        # Offer subcommand argument completions
        "_kubectl-kaito_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'presets deploy run status scale chat bench port-forward tune delete version completion help' -- "${cur}"))
        ;;
    esac
}

_kubectl-kaito_presets() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __kubectl-kaito_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|show)
        # Offer subcommand argument completions
        "_kubectl-kaito_presets_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list show' -- "${cur}"))
        ;;
    esac
}

_kubectl-kaito_presets_list() {
    repeating_flags=()
    non_repeating_flags=(--tunable --no-headers -h --help)
    repeating_options=()
    non_repeating_options=(-o --output --cloud --runtime --fits --sort-by --color)
    __kubectl-kaito_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '-o'|'--output')
        __kubectl-kaito_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''yaml'$'\n''name'
        return
        ;;
    '--cloud')
        __kubectl-kaito_add_completions -W 'azure'$'\n''aws'$'\n''arc'
        return
        ;;
    '--runtime')
        __kubectl-kaito_add_completions -W 'vllm'$'\n''transformers'
        return
        ;;
    '--fits')
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion presets list -- --fits "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    '--sort-by')
        return
        ;;
    '--color')
        __kubectl-kaito_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac
}

_kubectl-kaito_presets_show() {
    repeating_flags=()
    non_repeating_flags=(--measured --insecure-skip-tls-verify -h --help)
    repeating_options=()
    non_repeating_options=(-o --output --cloud --runtime --max-model-len --kaito-version --color --kubeconfig --context --cluster --user -n --namespace -s --server --request-timeout -v --v)
    __kubectl-kaito_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-o'|'--output')
        __kubectl-kaito_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''yaml'
        return
        ;;
    '--cloud')
        __kubectl-kaito_add_completions -W 'azure'$'\n''aws'$'\n''arc'
        return
        ;;
    '--runtime')
        __kubectl-kaito_add_completions -W 'vllm'$'\n''transformers'
        return
        ;;
    '--max-model-len')
        return
        ;;
    '--kaito-version')
        return
        ;;
    '--color')
        __kubectl-kaito_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--kubeconfig')
        __kubectl-kaito_add_completions -f
        return
        ;;
    '--context')
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion presets show -- --context "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    '--cluster')
        return
        ;;
    '--user')
        return
        ;;
    '-n'|'--namespace')
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion presets show -- --namespace "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    '-s'|'--server')
        return
        ;;
    '--request-timeout')
        return
        ;;
    '-v'|'--v')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion presets show -- positional@0 "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_kubectl-kaito_deploy() {
    repeating_flags=()
    non_repeating_flags=(--load-balancer --no-benchmark --wait --force --insecure-skip-tls-verify -y --yes -h --help)
    repeating_options=(--arg --env --label --adapter --vllm-arg)
    non_repeating_options=(--image --port --gpus --name --cloud --instance-type --runtime --max-model-len --hf-token-secret --inference-config --replicas --dry-run --timeout --field-manager --kaito-version --color --kubeconfig --context --cluster --user -n --namespace -s --server --request-timeout -v --v -o --output)
    __kubectl-kaito_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--image')
        return
        ;;
    '--port')
        return
        ;;
    '--gpus')
        return
        ;;
    '--arg')
        return
        ;;
    '--env')
        return
        ;;
    '--name')
        return
        ;;
    '--label')
        return
        ;;
    '--cloud')
        __kubectl-kaito_add_completions -W 'azure'$'\n''aws'$'\n''arc'
        return
        ;;
    '--instance-type')
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion deploy -- --instance-type "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    '--runtime')
        __kubectl-kaito_add_completions -W 'vllm'$'\n''transformers'
        return
        ;;
    '--max-model-len')
        return
        ;;
    '--hf-token-secret')
        return
        ;;
    '--adapter')
        return
        ;;
    '--inference-config')
        return
        ;;
    '--vllm-arg')
        return
        ;;
    '--replicas')
        return
        ;;
    '--dry-run')
        __kubectl-kaito_add_completions -W 'none'$'\n''client'$'\n''server'
        return
        ;;
    '--timeout')
        return
        ;;
    '--field-manager')
        return
        ;;
    '--kaito-version')
        return
        ;;
    '--color')
        __kubectl-kaito_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--kubeconfig')
        __kubectl-kaito_add_completions -f
        return
        ;;
    '--context')
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion deploy -- --context "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    '--cluster')
        return
        ;;
    '--user')
        return
        ;;
    '-n'|'--namespace')
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion deploy -- --namespace "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    '-s'|'--server')
        return
        ;;
    '--request-timeout')
        return
        ;;
    '-v'|'--v')
        return
        ;;
    '-o'|'--output')
        __kubectl-kaito_add_completions -W 'yaml'$'\n''json'$'\n''name'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion deploy -- positional@0 "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_kubectl-kaito_run() {
    repeating_flags=()
    non_repeating_flags=(-y --yes --dry-run --insecure-skip-tls-verify -h --help)
    repeating_options=()
    non_repeating_options=(--name --instance-type --timeout --system --temperature --max-tokens -o --output --color --kubeconfig --context --cluster --user -n --namespace -s --server --request-timeout -v --v)
    __kubectl-kaito_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--name')
        return
        ;;
    '--instance-type')
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion run -- --instance-type "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    '--timeout')
        return
        ;;
    '--system')
        return
        ;;
    '--temperature')
        return
        ;;
    '--max-tokens')
        return
        ;;
    '-o'|'--output')
        __kubectl-kaito_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--color')
        __kubectl-kaito_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--kubeconfig')
        __kubectl-kaito_add_completions -f
        return
        ;;
    '--context')
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion run -- --context "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    '--cluster')
        return
        ;;
    '--user')
        return
        ;;
    '-n'|'--namespace')
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion run -- --namespace "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    '-s'|'--server')
        return
        ;;
    '--request-timeout')
        return
        ;;
    '-v'|'--v')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion run -- positional@0 "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_kubectl-kaito_status() {
    repeating_flags=()
    non_repeating_flags=(-A --all-namespaces --watch -w --no-headers --insecure-skip-tls-verify -h --help)
    repeating_options=()
    non_repeating_options=(-l --selector -o --output --color --kubeconfig --context --cluster --user -n --namespace -s --server --request-timeout -v --v)
    __kubectl-kaito_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-l'|'--selector')
        return
        ;;
    '-o'|'--output')
        __kubectl-kaito_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __kubectl-kaito_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--kubeconfig')
        __kubectl-kaito_add_completions -f
        return
        ;;
    '--context')
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion status -- --context "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    '--cluster')
        return
        ;;
    '--user')
        return
        ;;
    '-n'|'--namespace')
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion status -- --namespace "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    '-s'|'--server')
        return
        ;;
    '--request-timeout')
        return
        ;;
    '-v'|'--v')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion status -- positional@0 "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_kubectl-kaito_scale() {
    repeating_flags=()
    non_repeating_flags=(--insecure-skip-tls-verify -h --help)
    repeating_options=()
    non_repeating_options=(--replicas --color --kubeconfig --context --cluster --user -n --namespace -s --server --request-timeout -v --v)
    __kubectl-kaito_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--replicas')
        return
        ;;
    '--color')
        __kubectl-kaito_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--kubeconfig')
        __kubectl-kaito_add_completions -f
        return
        ;;
    '--context')
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion scale -- --context "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    '--cluster')
        return
        ;;
    '--user')
        return
        ;;
    '-n'|'--namespace')
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion scale -- --namespace "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    '-s'|'--server')
        return
        ;;
    '--request-timeout')
        return
        ;;
    '-v'|'--v')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion scale -- positional@0 "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_kubectl-kaito_chat() {
    repeating_flags=()
    non_repeating_flags=(--no-stream --completions --insecure-skip-tls-verify -h --help)
    repeating_options=()
    non_repeating_options=(--prompt --model --system --temperature --max-tokens --top-p --timeout --via -o --output --color --kubeconfig --context --cluster --user -n --namespace -s --server --request-timeout -v --v)
    __kubectl-kaito_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--prompt')
        return
        ;;
    '--model')
        return
        ;;
    '--system')
        return
        ;;
    '--temperature')
        return
        ;;
    '--max-tokens')
        return
        ;;
    '--top-p')
        return
        ;;
    '--timeout')
        return
        ;;
    '--via')
        __kubectl-kaito_add_completions -W 'port-forward'$'\n''proxy'
        return
        ;;
    '-o'|'--output')
        __kubectl-kaito_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--color')
        __kubectl-kaito_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--kubeconfig')
        __kubectl-kaito_add_completions -f
        return
        ;;
    '--context')
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion chat -- --context "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    '--cluster')
        return
        ;;
    '--user')
        return
        ;;
    '-n'|'--namespace')
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion chat -- --namespace "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    '-s'|'--server')
        return
        ;;
    '--request-timeout')
        return
        ;;
    '-v'|'--v')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion chat -- positional@0 "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_kubectl-kaito_bench() {
    repeating_flags=()
    non_repeating_flags=(--insecure-skip-tls-verify -h --help)
    repeating_options=()
    non_repeating_options=(--concurrency --requests --duration --input-tokens --output-tokens --via --url -o --output --color --kubeconfig --context --cluster --user -n --namespace -s --server --request-timeout -v --v)
    __kubectl-kaito_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--concurrency')
        return
        ;;
    '--requests')
        return
        ;;
    '--duration')
        return
        ;;
    '--input-tokens')
        return
        ;;
    '--output-tokens')
        return
        ;;
    '--via')
        __kubectl-kaito_add_completions -W 'port-forward'$'\n''proxy'
        return
        ;;
    '--url')
        return
        ;;
    '-o'|'--output')
        __kubectl-kaito_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--color')
        __kubectl-kaito_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--kubeconfig')
        __kubectl-kaito_add_completions -f
        return
        ;;
    '--context')
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion bench -- --context "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    '--cluster')
        return
        ;;
    '--user')
        return
        ;;
    '-n'|'--namespace')
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion bench -- --namespace "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    '-s'|'--server')
        return
        ;;
    '--request-timeout')
        return
        ;;
    '-v'|'--v')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion bench -- positional@0 "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_kubectl-kaito_port-forward() {
    repeating_flags=()
    non_repeating_flags=(--insecure-skip-tls-verify -h --help)
    repeating_options=()
    non_repeating_options=(--color --kubeconfig --context --cluster --user -n --namespace -s --server --request-timeout -v --v)
    __kubectl-kaito_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--color')
        __kubectl-kaito_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--kubeconfig')
        __kubectl-kaito_add_completions -f
        return
        ;;
    '--context')
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion port-forward -- --context "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    '--cluster')
        return
        ;;
    '--user')
        return
        ;;
    '-n'|'--namespace')
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion port-forward -- --namespace "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    '-s'|'--server')
        return
        ;;
    '--request-timeout')
        return
        ;;
    '-v'|'--v')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion port-forward -- positional@0 "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_kubectl-kaito_tune() {
    repeating_flags=()
    non_repeating_flags=(--wait --insecure-skip-tls-verify -h --help)
    repeating_options=(--input-url --input-pull-secret --label)
    non_repeating_options=(--preset --method --input-image --input-pvc --output-image --output-push-secret --output-pvc --config --config-file --instance-type --cloud --dry-run -o --output --timeout --field-manager --color --kubeconfig --context --cluster --user -n --namespace -s --server --request-timeout -v --v)
    __kubectl-kaito_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--preset')
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion tune -- --preset "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    '--method')
        return
        ;;
    '--input-url')
        return
        ;;
    '--input-image')
        return
        ;;
    '--input-pull-secret')
        return
        ;;
    '--input-pvc')
        return
        ;;
    '--output-image')
        return
        ;;
    '--output-push-secret')
        return
        ;;
    '--output-pvc')
        return
        ;;
    '--config')
        return
        ;;
    '--config-file')
        __kubectl-kaito_add_completions -f
        return
        ;;
    '--instance-type')
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion tune -- --instance-type "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    '--label')
        return
        ;;
    '--cloud')
        __kubectl-kaito_add_completions -W 'azure'$'\n''aws'$'\n''arc'
        return
        ;;
    '--dry-run')
        __kubectl-kaito_add_completions -W 'none'$'\n''client'$'\n''server'
        return
        ;;
    '-o'|'--output')
        __kubectl-kaito_add_completions -W 'yaml'$'\n''json'$'\n''name'
        return
        ;;
    '--timeout')
        return
        ;;
    '--field-manager')
        return
        ;;
    '--color')
        __kubectl-kaito_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--kubeconfig')
        __kubectl-kaito_add_completions -f
        return
        ;;
    '--context')
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion tune -- --context "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    '--cluster')
        return
        ;;
    '--user')
        return
        ;;
    '-n'|'--namespace')
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion tune -- --namespace "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    '-s'|'--server')
        return
        ;;
    '--request-timeout')
        return
        ;;
    '-v'|'--v')
        return
        ;;
    esac
}

_kubectl-kaito_delete() {
    repeating_flags=()
    non_repeating_flags=(--wait -y --yes --ignore-not-found --insecure-skip-tls-verify -h --help)
    repeating_options=()
    non_repeating_options=(--timeout --color --kubeconfig --context --cluster --user -n --namespace -s --server --request-timeout -v --v)
    __kubectl-kaito_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--timeout')
        return
        ;;
    '--color')
        __kubectl-kaito_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--kubeconfig')
        __kubectl-kaito_add_completions -f
        return
        ;;
    '--context')
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion delete -- --context "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    '--cluster')
        return
        ;;
    '--user')
        return
        ;;
    '-n'|'--namespace')
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion delete -- --namespace "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    '-s'|'--server')
        return
        ;;
    '--request-timeout')
        return
        ;;
    '-v'|'--v')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion delete -- positional@0 "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_kubectl-kaito_version() {
    repeating_flags=()
    non_repeating_flags=(--client --insecure-skip-tls-verify -h --help)
    repeating_options=()
    non_repeating_options=(-o --output --color --kubeconfig --context --cluster --user -n --namespace -s --server --request-timeout -v --v)
    __kubectl-kaito_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '-o'|'--output')
        __kubectl-kaito_add_completions -W 'text'$'\n''json'$'\n''yaml'
        return
        ;;
    '--color')
        __kubectl-kaito_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--kubeconfig')
        __kubectl-kaito_add_completions -f
        return
        ;;
    '--context')
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion version -- --context "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    '--cluster')
        return
        ;;
    '--user')
        return
        ;;
    '-n'|'--namespace')
        __kubectl-kaito_add_completions -W "$(__kubectl-kaito_custom_complete ---completion version -- --namespace "${COMP_CWORD}" "$(__kubectl-kaito_cursor_index_in_current_word)")"
        return
        ;;
    '-s'|'--server')
        return
        ;;
    '--request-timeout')
        return
        ;;
    '-v'|'--v')
        return
        ;;
    esac
}

_kubectl-kaito_completion() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __kubectl-kaito_offer_flags_options 1

    # Offer positional completions
    case "${positional_number}" in
    1)
        __kubectl-kaito_add_completions -W 'bash'$'\n''zsh'$'\n''fish'
        return
        ;;
    esac
}

_kubectl-kaito_help() {
    :
}

complete -o filenames -F _kubectl-kaito kubectl-kaito