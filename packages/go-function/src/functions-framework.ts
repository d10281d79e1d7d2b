// Google's Functions Framework for Go (github.com/GoogleCloudPlatform/functions-framework-go):
// its registration calls, as both the HTTP and the CloudEvents signature meet them. Which of
// them a signature serves is that signature's data (its `registrations`); the calls no
// signature serves are refused here, with why.
import type { RegistrationFramework } from "./registered";

export const FUNCTIONS_FRAMEWORK_MODULE = "github.com/GoogleCloudPlatform/functions-framework-go";
/** The package of the declarative registrations: functions.HTTP, functions.CloudEvent, functions.Typed. */
export const FUNCTIONS_FRAMEWORK_FUNCTIONS = `${FUNCTIONS_FRAMEWORK_MODULE}/functions`;
/** The package of the framework's own server and its path-based registrations. */
const FUNCFRAMEWORK = `${FUNCTIONS_FRAMEWORK_MODULE}/funcframework`;

export const FUNCTIONS_FRAMEWORK: RegistrationFramework = {
  name: "the Functions Framework",
  calls: [
    { importPath: FUNCTIONS_FRAMEWORK_FUNCTIONS, name: "HTTP", registers: "an HTTP function" },
    { importPath: FUNCTIONS_FRAMEWORK_FUNCTIONS, name: "CloudEvent", registers: "a CloudEvent function" },
    {
      importPath: FUNCTIONS_FRAMEWORK_FUNCTIONS,
      name: "Typed",
      registers: "a typed function",
      refused:
        "functions.Typed registers a typed function, whose JSON request and response the framework converts by reflection; fnpacks serves HTTP and CloudEvent functions: register a func(http.ResponseWriter, *http.Request) with functions.HTTP that decodes the request itself",
    },
    {
      importPath: FUNCFRAMEWORK,
      name: "Register*",
      registers: "a function by path",
      refused:
        "funcframework's Register functions serve a path on the framework's own server (funcframework.Start in a main); fnpacks generates the server itself: register the function with functions.HTTP(\"Name\", fn) or functions.CloudEvent(\"Name\", fn) instead",
    },
  ],
};
