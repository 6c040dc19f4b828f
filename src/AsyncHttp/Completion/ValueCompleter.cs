using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace AsyncHttp.Completion
{
    /// <summary>Offers a fixed list of values that start with what was typed (ArgumentCompletions needs PowerShell 6).</summary>
    public abstract class ValueCompleter : IArgumentCompleter
    {
        private readonly IReadOnlyList<string> _values;

        /// <summary>Completes from these values, in this order.</summary>
        protected ValueCompleter(IReadOnlyList<string> values)
        {
            _values = values;
        }

        /// <inheritdoc/>
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            foreach (string value in _values)
            {
                if (value.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                {
                    yield return new CompletionResult(value, value, CompletionResultType.ParameterValue, value);
                }
            }
        }
    }
}
