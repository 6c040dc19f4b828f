using System;
using System.Management.Automation;
using System.Text;

namespace AsyncHttp.Conversion
{
    /// <summary>Lets -Encoding take a name ("utf-8", "windows-1252", "latin1"), a code page number, or an Encoding.</summary>
    internal sealed class EncodingArgumentAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            try
            {
                return value switch
                {
                    string name when string.Equals(name.Trim(), "latin1", StringComparison.OrdinalIgnoreCase) => Encoding.GetEncoding(28591),
                    string name => Encoding.GetEncoding(name.Trim()),
                    int codePage => Encoding.GetEncoding(codePage),
                    _ => value,
                };
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException)
            {
                throw new ArgumentTransformationMetadataException($"Encoding '{value}' is not known on this platform; use a name such as utf-8, utf-16, latin1 or windows-1252.", ex);
            }
        }
    }

    /// <summary>Tab completion of -Encoding with the common names.</summary>
    internal sealed class EncodingCompleter : NamesCompleter
    {
        public EncodingCompleter()
            : base("utf-8", "utf-16", "utf-16BE", "utf-32", "us-ascii", "latin1", "windows-1252", "shift_jis", "gb2312")
        {
        }
    }

    /// <summary>Tab completion of -Method with the common methods; any other valid token is accepted too.</summary>
    internal sealed class MethodCompleter : NamesCompleter
    {
        public MethodCompleter()
            : base(Methods.Common)
        {
        }
    }

    /// <summary>Completes a parameter from a fixed list of names, matching what was typed so far.</summary>
    internal abstract class NamesCompleter : IArgumentCompleter
    {
        private readonly string[] _names;

        protected NamesCompleter(params string[] names)
        {
            _names = names;
        }

        public System.Collections.Generic.IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, System.Management.Automation.Language.CommandAst commandAst, System.Collections.IDictionary fakeBoundParameters)
        {
            string typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            foreach (string name in _names)
            {
                if (name.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                {
                    yield return new CompletionResult(name, name, CompletionResultType.ParameterValue, name);
                }
            }
        }
    }
}
