<%@ WebService Language="C#" Class="Sejour.Authentication" %>
// The Sejour seed service (../shared/seeds/000_*.txt) as an ordinary ASMX class.
//
// Behaviour (test hooks, not in the seed service):
//   token "fault"          -> SoapException ClientFaultCode "Invalid token" (Client / Sender)
//   token "fault-receiver" -> SoapException ServerFaultCode "Internal error" with detail
//                             <ErrorCode xmlns="http://services.sajan.com/">E42</ErrorCode>
//   otherwise              -> the empty LogoutResponse
using System;
using System.Web.Services;
using System.Web.Services.Protocols;
using System.Xml;

namespace Sejour
{
    [WebService(Namespace = "http://www.sansejour.com/")]
    [WebServiceBinding(ConformsTo = WsiProfiles.BasicProfile1_1)]
    public class Authentication : WebService
    {
        /// Logs the user out from Sejour Web Services based on the token passed.
        [WebMethod(Description = "Logs the user out from Sejour Web Services based on the token passed.")]
        public void Logout(string token)
        {
            if (token == "fault")
                throw new SoapException("Invalid token", SoapException.ClientFaultCode);
            if (token == "fault-receiver")
            {
                XmlDocument doc = new XmlDocument();
                XmlNode detail = doc.CreateNode(XmlNodeType.Element, SoapException.DetailElementName.Name,
                    SoapException.DetailElementName.Namespace);
                XmlElement code = doc.CreateElement("ErrorCode", "http://services.sajan.com/");
                code.InnerText = "E42";
                detail.AppendChild(code);
                throw new SoapException("Internal error", SoapException.ServerFaultCode,
                    Context.Request.Url.AbsoluteUri, detail);
            }
        }
    }
}
