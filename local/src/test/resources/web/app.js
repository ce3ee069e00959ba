console.log("keyfob fixture app");
