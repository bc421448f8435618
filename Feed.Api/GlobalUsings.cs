// Handlers return problem details as values in most files.
global using Microsoft.AspNetCore.Mvc;
