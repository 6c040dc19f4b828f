using System;
using System.Management.Automation;

namespace AsyncHttp.Commands
{
    /// <summary>
    /// What the cmdlets that send requests share: the per-call overrides of the session's credentials, certificate
    /// check and redirect rules, handed to the engine as nullable values (unset keeps the session's).
    /// </summary>
    public abstract class RequestCmdlet : AsyncHttpCmdlet
    {
        /// <summary>Credentials sent as HTTP Basic authentication for this call, instead of the session's.</summary>
        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>A bearer token for this call, instead of the session's.</summary>
        [Parameter]
        public System.Security.SecureString? Token { get; set; }

        /// <summary>Accept any server certificate for this call; -SkipCertificateCheck:$false checks it even on a session that skips.</summary>
        [Parameter]
        public SwitchParameter SkipCertificateCheck { get; set; }

        /// <summary>Redirects followed for this call; 0 turns following off. The default is the session's (5).</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int MaximumRedirection { get; set; }

        /// <summary>Keep POST a POST, with its body, when a 301 or 302 redirects it. The default is the session's (it becomes a GET).</summary>
        [Parameter]
        public SwitchParameter PreserveHttpMethodOnRedirect { get; set; }

        /// <summary>The overrides the caller gave, checked; terminates the call naming a bad combination.</summary>
        protected SecurityOverrides SecurityOverrides()
        {
            var overrides = new SecurityOverrides
            {
                Credential = Credential?.GetNetworkCredential(),
                Token = Token,
                SkipCertificateCheck = IsBound(nameof(SkipCertificateCheck)) ? SkipCertificateCheck.IsPresent : (bool?)null,
                MaximumRedirection = IsBound(nameof(MaximumRedirection)) ? MaximumRedirection : (int?)null,
                PreserveHttpMethodOnRedirect = IsBound(nameof(PreserveHttpMethodOnRedirect)) ? PreserveHttpMethodOnRedirect.IsPresent : (bool?)null,
            };
            try
            {
                overrides.Validate();
            }
            catch (ArgumentException ex)
            {
                ThrowInvalidArgument(ex, null);
            }
            if (overrides.SkipCertificateCheck == true)
            {
                WriteWarning("SkipCertificateCheck: this call accepts any server certificate, so its traffic can be intercepted. Use it only for test servers.");
            }
            return overrides;
        }
    }
}
